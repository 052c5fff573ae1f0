'use strict';
// Preloaded (node --require) into the Microsoft 365 Agents Playground. After it listens, the
// Playground spawns a browser opener (xdg-open, open, powershell) and does not handle that child's
// 'error' event, so on a host without one (a dev container, Codespaces, WSL without xdg-utils, a
// server) `spawn xdg-open ENOENT` kills the Playground. An opener that cannot start is reported on
// stderr instead, and the Playground keeps serving; the app prints the address to open.
const childProcess = require('node:child_process');
const path = require('node:path');

const OPENERS = new Set(['xdg-open', 'open', 'wslview', 'powershell', 'powershell.exe', 'pwsh', 'cmd', 'cmd.exe']);
const spawn = childProcess.spawn;

childProcess.spawn = function spawnWithTolerantOpener(command, ...rest) {
  const child = spawn.call(this, command, ...rest);
  if (typeof command === 'string' && OPENERS.has(path.basename(command))) {
    child.on('error', (error) => {
      process.stderr.write(`Kunne ikke åbne en browser (${path.basename(command)}: ${error.code || 'fejl'}); åbn Playgroundens adresse selv.\n`);
    });
  }
  return child;
};
