// What tsc does not do: copy the portal's static files beside the compiled pages, and make the shipped
// verify command executable.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
fs.cpSync(path.join(root, 'apps/api/src/portal/assets'), path.join(root, 'dist/apps/api/src/portal/assets'), {
  recursive: true,
});
fs.chmodSync(path.join(root, 'dist/apps/cli/src/verify.js'), 0o755);
