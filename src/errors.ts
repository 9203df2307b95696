// The one error base of image-promoter: a code, a message in the user's words, a hint on what
// to do next, and optional context. Layers subclass it; adapters decide how to present it.

/** Where in a manifest a problem is (file relative to the manifest root, 1-based line/column). */
export interface SourcePosition {
  file: string
  line: number
  column: number
}

export interface PromoterErrorContext {
  /** What the user should do next, in their words (input names, manifest fields). */
  hint?: string
  position?: SourcePosition
  image?: string
  registry?: string
  cause?: unknown
}

export class PromoterError<Code extends string = string> extends Error {
  readonly code: Code
  readonly hint?: string
  readonly position?: SourcePosition
  readonly image?: string
  readonly registry?: string

  constructor(code: Code, message: string, context: PromoterErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause })
    this.name = new.target.name
    this.code = code
    this.hint = context.hint
    this.position = context.position
    this.image = context.image
    this.registry = context.registry
  }

  /** Message plus hint, as shown to a person. */
  describe(): string {
    const where = this.position
      ? `${this.position.file}:${this.position.line}:${this.position.column}: `
      : ''
    return this.hint ? `${where}${this.message} (${this.hint})` : `${where}${this.message}`
  }
}

/** Convert anything thrown into a message without leaking objects. */
export function errorMessage(error: unknown): string {
  if (error instanceof PromoterError) return error.describe()
  if (error instanceof Error) return error.message
  return String(error)
}
