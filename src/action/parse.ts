// The Action's input error: names the input, so the step's failure says what to fix.

export class InputError extends Error {
  constructor(input: string, message: string) {
    super(`input ${input}: ${message}`)
  }
}
