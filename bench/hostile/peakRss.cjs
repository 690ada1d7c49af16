// Preloaded by bench/hostile.ts into each CLI run: writes the process's peak RSS (KB) and CPU time (µs) on exit.
'use strict';
const file = process.env.STACKPILOT_RSS_FILE;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS preload, no bundler
if (file) process.on('exit', () => require('node:fs').writeFileSync(file, (({ maxRSS, userCPUTime, systemCPUTime }) => `${maxRSS} ${userCPUTime + systemCPUTime}`)(process.resourceUsage())));
