'use strict';
// Preloaded (node --require) into every emulator process the .NET launchers start. The launcher holds the
// child's stdin open for its whole life; when the launching process goes away, even killed without running
// its cleanup, stdin reaches end-of-file and the emulator exits instead of lingering on its port.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
