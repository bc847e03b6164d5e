#!/usr/bin/env node
// The registry this project installs from serves only the packages for the platform it runs on, so
// `npm install` leaves other platforms' optional native bindings (darwin, win32, ...) out of
// package-lock.json, and `npm ci` then refuses the lockfile as out of sync. This adds the missing
// entries, marked optional with the os/cpu their names declare, so `npm ci` skips them as npm does on
// any registry. Run it after `npm install <something>`: `npm run lockfile:complete`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const platform =
  /-(darwin|linux|win32|freebsd|android|openharmony|sunos|aix)-(x64|arm64|arm|ia32|ppc64|riscv64|s390x|loong64)(-|$)/;

let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    const match = platform.exec(name);
    if (!match) {
      console.error(`cannot tell the platform of ${name}; leaving it out`);
      continue;
    }
    lock.packages[`node_modules/${name}`] = {
      version,
      cpu: [match[2]],
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [match[1]],
    };
    added += 1;
  }
}

const ordered = Object.keys(lock.packages).sort((a, b) =>
  a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
);
lock.packages = Object.fromEntries(ordered.map((key) => [key, lock.packages[key]]));
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform-specific optional entr${added === 1 ? 'y' : 'ies'} added`);
