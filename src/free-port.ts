import { once } from 'node:events';
import net from 'node:net';

/**
 * A free TCP port on `host`. The port is left in TIME_WAIT (we connect to it and close from the
 * listening side), so the OS will not hand it to another process asking for any free port
 * (as the Temporal CLI does for its internal ports) while it stays bindable for us.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  server.listen(0, host);
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('no port assigned');
  const accepted = once(server, 'connection') as Promise<[net.Socket]>;
  const client = net.connect(address.port, host);
  await once(client, 'connect');
  const [socket] = await accepted;
  const clientClosed = once(client, 'close');
  socket.destroy();
  await clientClosed;
  server.close();
  await once(server, 'close');
  return address.port;
}
