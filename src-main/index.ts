// Electron's entry: everything happens in the shell's composition root.
import { startShell } from './shell/main';

startShell().catch((err: unknown) => {
  console.error('hookscope: failed to start:', err);
  process.exit(1);
});
