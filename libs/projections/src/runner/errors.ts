/** Errors the runner's callers map to answers (HTTP 404/409, CLI exit codes). */

export class UnknownProjectionError extends Error {
  override name = 'UnknownProjectionError';
  constructor(
    readonly projection: string,
    readonly known: readonly string[],
  ) {
    super(`unknown projection: ${projection} (known: ${known.join(', ')})`);
  }
}

/** A rebuild (or check) of the same projection is already running, here or in another process. */
export class RebuildInProgressError extends Error {
  override name = 'RebuildInProgressError';
  constructor(
    readonly operation: 'rebuild' | 'check',
    readonly projections: readonly string[],
    where: 'this process' | 'another process',
  ) {
    super(`a ${operation} of ${projections.join(', ')} is already running in ${where}`);
  }
}

/** This process's lock connection no longer holds the projection's lock: the batch must not commit. */
export class OwnershipLostError extends Error {
  override name = 'OwnershipLostError';
  constructor(readonly projection: string) {
    super(`lost the lock of projection ${projection}`);
  }
}
