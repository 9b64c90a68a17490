// Errors a handler answers with. The protocol layer turns them into the service's error body.

export class AwsApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** Members the error shape carries besides the message, e.g. Organizations' `Reason`. */
  readonly fields: Readonly<Record<string, string>>;
  constructor(code: string, message: string, status = 400, fields: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = 'AwsApiError';
    this.code = code;
    this.status = status;
    this.fields = fields;
  }
}

export function invalidParameterValue(message: string): AwsApiError {
  return new AwsApiError('InvalidParameterValue', message);
}

export function missingParameter(name: string): AwsApiError {
  return new AwsApiError('MissingParameter', `The request must contain the parameter ${name}`);
}
