// The ignore file is strict: unknown keys, missing reasons and bad dates fail with their line;
// expiry is the end of the named day (UTC).
import { describe, expect, it } from '@jest/globals'
import { expiredWarning, isExpired, parseIgnoreFile } from '../../src/vuln/index.js'

const parse = (lines: string[]) => parseIgnoreFile(lines.join('\n'), 'vuln-ignores.yaml')

function failure(lines: string[]) {
  try {
    parse(lines)
  } catch (error) {
    return error as { code: string; message: string; position?: { line: number } }
  }
  throw new Error('expected a failure')
}

describe('parseIgnoreFile', () => {
  it('reads entries with their positions; an empty file or list is no ignores', () => {
    const entries = parse([
      'ignores:',
      '  - id: CVE-1',
      '    reason: r',
      '  - id: GHSA-x',
      '    reason: s',
      '    expires: 2027-01-31'
    ])
    expect(entries).toEqual([
      { id: 'CVE-1', reason: 'r', position: { file: 'vuln-ignores.yaml', line: 2, column: 5 } },
      {
        id: 'GHSA-x',
        reason: 's',
        expires: '2027-01-31',
        position: { file: 'vuln-ignores.yaml', line: 4, column: 5 }
      }
    ])
    expect(parse([''])).toEqual([])
    expect(parse(['ignores:'])).toEqual([])
  })

  it.each([
    [
      ['ignores:', '  - id: CVE-1', '    reason: r', '    until: 2027-01-01'],
      4,
      /unknown key "until"/
    ],
    [['ignores:', '  - id: CVE-1'], 2, /has no reason/],
    [['ignores:', '  - id: CVE-1', '    reason: r', '    expires: next week'], 2, /is not a date/],
    [
      ['ignores:', '  - id: CVE-1', '    reason: r', '    expires: 2027-02-30x'],
      2,
      /is not a date/
    ],
    [['ignore:', '  - id: CVE-1'], 1, /unknown key "ignore"/],
    [['ignores: CVE-1'], 1, /must be a list/],
    [['ignores:', '  - CVE-1'], 2, /must be a mapping/],
    [['ignores: [', '  - id'], 2, /not valid YAML/]
  ])('rejects %j at line %i', (lines, line, message) => {
    const error = failure(lines)
    expect(error.code).toBe('VULN_IGNORE_FILE_INVALID')
    expect(error.message).toMatch(message)
    expect(error.position?.line).toBe(line)
  })

  it('expires after the end of the named day and warns naming the line', () => {
    const [entry] = parse(['ignores:', '  - id: CVE-1', '    reason: r', '    expires: 2026-11-24'])
    expect(isExpired(entry!, new Date('2026-11-24T23:59:59Z'))).toBe(false)
    expect(isExpired(entry!, new Date('2026-11-25T00:00:00Z'))).toBe(true)
    expect(expiredWarning(entry!)).toBe(
      'vuln-ignores.yaml:2: ignore of CVE-1 expired on 2026-11-24; it no longer applies (renew or remove it)'
    )
  })
})
