// The concurrency primitives: limits hold, memos merge work and forget failures.
import { describe, expect, it } from '@jest/globals'
import { Limiter, Memo, settleAll } from '../../src/promote/limit.js'

const tick = () => new Promise((r) => setTimeout(r, 1))

describe('Limiter', () => {
  it('never runs more than its size at once, in submission order', async () => {
    const limiter = new Limiter(2)
    let active = 0
    let peak = 0
    const order: number[] = []
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        limiter.run(async () => {
          order.push(n)
          peak = Math.max(peak, ++active)
          await tick()
          active--
        })
      )
    )
    expect(peak).toBe(2)
    expect(order).toEqual([1, 2, 3, 4, 5])
  })
})

describe('settleAll', () => {
  it('waits for every task before rejecting with the first error', async () => {
    const finished: number[] = []
    const run = settleAll([1, 2, 3], 3, async (n) => {
      await new Promise((r) => setTimeout(r, n * 3))
      finished.push(n)
      if (n === 1) throw new Error('one')
      return n
    })
    await expect(run).rejects.toThrow('one')
    expect(finished).toEqual([1, 2, 3])
  })
})

describe('Memo', () => {
  it('starts work once per key and retries after a failure', async () => {
    const memo = new Memo<number>()
    let calls = 0
    const failing = async () => {
      calls++
      throw new Error('x')
    }
    const [a, startedA] = memo.get('k', failing)
    const [b, startedB] = memo.get('k', failing)
    expect([startedA, startedB, a === b]).toEqual([true, false, true])
    await expect(a).rejects.toThrow('x')
    const [c] = memo.get('k', async () => ++calls)
    await expect(c).resolves.toBe(2)
  })
})
