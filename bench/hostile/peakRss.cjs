// Preloaded by bench/hostile.ts into each CLI run: writes the process's peak RSS (KB) on exit.
'use strict';
const file = process.env.STACKPILOT_RSS_FILE;
if (file) process.on('exit', () => require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS)));
