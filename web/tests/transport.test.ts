import { describe, expect, it } from 'vitest';
import { errorFromResponse, operationKind } from '../src/lib/transport';

describe('errorFromResponse', () => {
  it('keeps the code and field the server sent', () => {
    const error = errorFromResponse([{ extensions: { code: 'BAD_USER_INPUT', field: 'email' } }]);
    expect([error.code, error.field]).toEqual(['BAD_USER_INPUT', 'email']);
  });
  it('treats unknown or missing codes as internal errors', () => {
    expect(errorFromResponse([{ extensions: { code: 'WHATEVER' } }]).code).toBe('INTERNAL');
    expect(errorFromResponse([{}]).code).toBe('INTERNAL');
  });
});

describe('operationKind', () => {
  it('reads the operation type', () => {
    expect(operationKind('\n    mutation Reply($input: ReplyInput!) {')).toBe('mutation');
    expect(operationKind('query Spaces { spaces { totalCount } }')).toBe('query');
    expect(operationKind('subscription S { x }')).toBe('subscription');
  });
});
