// The option table's value syntax, shared by Action inputs and CLI flags.
import { describe, expect, it } from '@jest/globals'
import {
  choice,
  duration,
  OptionValueError,
  parseBoolean,
  parseRewrite,
  parseWhole,
  splitList
} from '../../src/options/values.js'

describe('option values', () => {
  it('one duration syntax: 6h, 30m, 90s, 2d or plain seconds', () => {
    const d = duration()
    expect(['6h', '30m', '90s', '2d', '3600', ' 0 '].map(d)).toEqual([
      21_600_000, 1_800_000, 90_000, 172_800_000, 3_600_000, 0
    ])
    for (const bad of ['6 hours', '1.5h', '-1', 'h', '', '6H'])
      expect(() => d(bad)).toThrow(OptionValueError)
    expect(() => duration(1000)('0')).toThrow(/at least 1s/)
  })

  it('lists split on newlines and commas; comments go, URL fragments stay', () => {
    expect(splitList('a, b\n# note\nc # why\nhttps://x.example/p#frag\n\n')).toEqual([
      'a',
      'b',
      'c',
      'https://x.example/p#frag'
    ])
  })

  it('booleans, whole numbers, choices and FROM=TO', () => {
    expect(['true', 'True', 'TRUE', 'yes', '1'].map(parseBoolean)).toEqual(Array(5).fill(true))
    expect(['false', 'FALSE', 'no', '0'].map(parseBoolean)).toEqual(Array(4).fill(false))
    expect(() => parseBoolean('on')).toThrow(/expected true or false, got "on"/)
    expect(parseWhole('12')).toBe(12)
    for (const bad of ['0', '1.5', '-3', 'x']) expect(() => parseWhole(bad)).toThrow(/>= 1/)
    expect(choice(['a', 'b'] as const)('b')).toBe('b')
    expect(() => choice(['a', 'b'] as const)('c')).toThrow(/one of a, b, got "c"/)
    expect(parseRewrite('a/b=c=d')).toEqual({ from: 'a/b', to: 'c=d' })
    for (const bad of ['=x', 'x=', 'x']) expect(() => parseRewrite(bad)).toThrow(/FROM=TO/)
  })
})
