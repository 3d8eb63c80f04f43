import { Client, Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection } from '@temporalio/worker';

/**
 * Temporal connection settings by the `@temporalio/envconfig` conventions (TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE, temporal.toml);
 * `address` overrides them for a local dev server.
 */
export function temporalConnectConfig(address?: string) {
  const config = loadClientConnectConfig();
  return {
    connectionOptions: { ...config.connectionOptions, ...(address ? { address } : {}) },
    namespace: config.namespace ?? 'default',
  };
}

/** A client for starting, describing and acting on runs. */
export async function connectClient(address?: string): Promise<Client> {
  const { connectionOptions, namespace } = temporalConnectConfig(address);
  const connection = await Connection.connect(connectionOptions);
  return new Client({ connection, namespace });
}

/** The native connection a worker polls through. */
export async function connectWorker(address?: string) {
  const { connectionOptions, namespace } = temporalConnectConfig(address);
  return { connection: await NativeConnection.connect(connectionOptions), namespace };
}
