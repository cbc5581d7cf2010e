// Typed errors for namens' own routes: each carries an OAuth-style error code, an HTTP status, and whether its
// message may be shown. One handler (server/http/handle_errors.ts) renders them; nothing else leaks a stack.

export class NamensError extends Error {
  readonly expose: boolean;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    { expose = status < 500 }: { expose?: boolean } = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.expose = expose;
  }
}

export class InvalidRequest extends NamensError {
  constructor(message: string) {
    super(400, 'invalid_request', message);
  }
}

export class InvalidCsrfToken extends NamensError {
  constructor() {
    super(403, 'invalid_csrf_token', 'the form has expired or was not sent from this page; go back and try again');
  }
}

export class NotFound extends NamensError {
  constructor(message = 'not found') {
    super(404, 'not_found', message);
  }
}

export class PayloadTooLarge extends NamensError {
  constructor() {
    super(413, 'payload_too_large', 'the request body is too large');
  }
}

export class UnsupportedMediaType extends NamensError {
  constructor(expected: string) {
    super(415, 'unsupported_media_type', `the request body must be ${expected}`);
  }
}

/** One violation of a JSON Schema (or of a rule the schema cannot say), located by JSON pointer. */
export interface Violation {
  pointer: string;
  message: string;
}

export class ValidationFailed extends NamensError {
  constructor(
    readonly violations: Violation[],
    message = `the request body is invalid: ${violations.map((v) => `${v.pointer || '/'} ${v.message}`).join('; ')}`,
  ) {
    super(400, 'invalid_request', message);
  }
}

export class Unauthorized extends NamensError {
  constructor(message: string, readonly wwwAuthenticate: string) {
    super(401, 'invalid_token', message);
  }
}

export class Forbidden extends NamensError {
  constructor(message: string, code = 'insufficient_scope') {
    super(403, code, message);
  }
}

export class Conflict extends NamensError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

export class ServiceUnavailable extends NamensError {
  constructor(message = 'the database cannot be reached right now; try again in a few seconds') {
    super(503, 'temporarily_unavailable', message, { expose: true });
  }
}

export class TooManyRequests extends NamensError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(429, 'too_many_requests', message);
  }
}
