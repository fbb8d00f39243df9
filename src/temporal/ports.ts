import { createServer } from 'node:net';

export class PortInUseError extends Error {}

/** Fails with a message naming the port and the variable that moves it, before anything starts. */
export async function assertPortFree(port: number, variable: string, what: string, host = '127.0.0.1'): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
  if (!free) {
    throw new PortInUseError(`port ${port} (for ${what}) is already in use; set ${variable} to another port`);
  }
}

/** A port the OS says is free right now (for tests and throwaway servers). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host }, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
