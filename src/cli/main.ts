// The `stackpilot` command. Subcommands are wired as the engine lands.
const pkgVersion = '0.1.0';
const args = process.argv.slice(2);
if (args[0] === '--version' || args[0] === '-v') {
  console.log(pkgVersion);
} else {
  console.log('usage: stackpilot validate | plan | up | down | status | logs | scan');
}
