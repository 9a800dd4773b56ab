import { RestError } from '@azure/data-tables';
import { UpgradeDeskError } from '../domain/errors';

/** The service's error code: on `err.code` inside a transaction, in `err.details.errorCode` outside one. */
function errorCode(err: RestError): string | undefined {
  const details = err.details as { errorCode?: unknown } | undefined;
  return err.code ?? (typeof details?.errorCode === 'string' ? details.errorCode : undefined);
}

/** A read of a row or table that is not there. */
export function isNotFound(err: unknown): err is RestError {
  return err instanceof RestError && err.statusCode === 404;
}

/** A create that lost to an existing row (EntityAlreadyExists) or table (TableAlreadyExists). */
export function isAlreadyExists(err: unknown): err is RestError {
  return err instanceof RestError && err.statusCode === 409;
}

/** An ETag condition that failed: somebody wrote the row after we read it. */
export function isStaleEtag(err: unknown): err is RestError {
  return err instanceof RestError && (err.statusCode === 412 || errorCode(err) === 'UpdateConditionNotSatisfied');
}

/** Either kind of lost optimistic race: worth reading again and retrying. */
export function isLostRace(err: unknown): err is RestError {
  return isStaleEtag(err) || isAlreadyExists(err);
}

/** The typed conflict a caller turns into "here is the current card". */
export function upgradeConflict(cause: unknown): UpgradeDeskError {
  return new UpgradeDeskError(
    'conflict',
    'Someone else changed this upgrade just now; look at the current card and try again.',
    { cause },
  );
}

/** Reads a row, turning a 404 into undefined. */
export async function orUndefined<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
