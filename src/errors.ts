/** The one error type a use case may throw; any other error is a bug and becomes a 500. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly details?: unknown,
  ) {
    super(messageEn);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, zh: string) =>
  new AppError(`${what.toUpperCase().replace(/\s+/g, '_')}_NOT_FOUND`, 404, `${zh}不存在`, `${what} not found`);

export const forbidden = (permission: string) =>
  new AppError('PERMISSION_DENIED', 403, `没有权限：${permission}`, `Permission required: ${permission}`, { permission });
