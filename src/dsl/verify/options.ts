/** What `verify` may check a flow against, beyond the flow itself; every list is optional. */
export interface VerifyOptions {
  /** Destination names `call` steps may use, besides those the flow declares. */
  readonly destinations?: readonly string[];
  /** Hosts the flow's own destinations may point at; when set, other hosts are refused. */
  readonly allowedHosts?: readonly string[];
  /** The known roles, teams and people (emails); when a list is set, parties outside it are unknown. */
  readonly directory?: {
    readonly roles?: readonly string[];
    readonly teams?: readonly string[];
    readonly people?: readonly string[];
  };
  /** Names of the flows a subflow step may start; when set, other names are unknown. */
  readonly knownFlows?: readonly string[];
}
