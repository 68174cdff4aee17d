// Every request and notification handler runs through runSafe: a failing handler is logged (without file text or
// TINs) and answered with a neutral default, and a cancelled request is answered as cancelled.
import { maskTinShaped } from '../core';
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

export interface Logger {
  error(message: string): void;
  info(message: string): void;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return maskTinShaped(`${error.name}: ${error.message}\n${error.stack ?? ''}`);
  return maskTinShaped(String(error));
}

export function cancelled(): ResponseError<never> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

export async function runSafe<T>(
  logger: Logger,
  name: string,
  fallback: T,
  token: CancellationToken | undefined,
  work: () => T | ResponseError<never> | Promise<T | ResponseError<never>>,
): Promise<T | ResponseError<never>> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    const result = await work();
    if (token?.isCancellationRequested) return cancelled();
    return result;
  } catch (error) {
    if (error instanceof ResponseError) return error as ResponseError<never>;
    logger.error(`${name} failed: ${describeError(error)}`);
    return fallback;
  }
}

/** For notifications: no answer, just the log. */
export function runSafeNotification(logger: Logger, name: string, work: () => void | Promise<void>): void {
  Promise.resolve()
    .then(work)
    .catch((error) => logger.error(`${name} failed: ${describeError(error)}`));
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
