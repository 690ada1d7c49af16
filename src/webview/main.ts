// Dashboard webview entry (browser bundle). The dashboard itself is built in its own issue.
const root = document.getElementById('root');
if (root) root.textContent = 'Stackpilot dashboard';
