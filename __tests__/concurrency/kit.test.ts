// The concurrency kit: limits hold and start in order, locks serialise per key, de-duplication
// shares work and never keeps a failure, and the bounded map has one error rule.
import { describe, expect, it } from '@jest/globals'
import {
  InFlight,
  KeyedLock,
  KeyedSemaphore,
  mapBounded,
  Memo,
  Semaphore
} from '../../src/concurrency/index.js'

const tick = (ms = 1) => new Promise((r) => setTimeout(r, ms))

/** Records how many tasks run at once, overall and per key. */
function meter() {
  const active = new Map<string, number>()
  const peaks = new Map<string, number>()
  let total = 0
  let peak = 0
  return {
    async hold<T>(key: string, value: T, ms = 2): Promise<T> {
      active.set(key, (active.get(key) ?? 0) + 1)
      peaks.set(key, Math.max(peaks.get(key) ?? 0, active.get(key)!))
      peak = Math.max(peak, ++total)
      await tick(ms)
      active.set(key, active.get(key)! - 1)
      total--
      return value
    },
    peak: () => peak,
    peakOf: (key: string) => peaks.get(key) ?? 0
  }
}

describe('Semaphore', () => {
  it('never runs more than its size at once, starting tasks in submission order', async () => {
    const semaphore = new Semaphore(2)
    const m = meter()
    const order: number[] = []
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        semaphore.run(async () => {
          order.push(n)
          await m.hold('', n)
        })
      )
    )
    expect(m.peak()).toBe(2)
    expect(order).toEqual([1, 2, 3, 4, 5])
    expect(semaphore.idle).toBe(true)
  })

  it('frees the slot of a failed task', async () => {
    const semaphore = new Semaphore(1)
    await expect(semaphore.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom'
    )
    await expect(semaphore.run(async () => 'next')).resolves.toBe('next')
    expect(semaphore.idle).toBe(true)
  })

  it('refuses a size below 1 instead of never starting anything', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError)
    expect(() => new KeyedSemaphore(1.5)).toThrow(RangeError)
  })
})

describe('KeyedSemaphore', () => {
  it('limits each key on its own and forgets idle keys', async () => {
    const pool = new KeyedSemaphore(2)
    const m = meter()
    const order: string[] = []
    const jobs = ['a', 'b']
      .flatMap((host) => [1, 2, 3, 4].map((n) => ({ host, n })))
      .map(({ host, n }) =>
        pool.run(host, async () => {
          order.push(`${host}${n}`)
          return m.hold(host, n)
        })
      )
    expect(pool.keys).toBe(2)
    await Promise.all(jobs)
    expect([m.peakOf('a'), m.peakOf('b'), m.peak()]).toEqual([2, 2, 4])
    expect(order.filter((o) => o.startsWith('a'))).toEqual(['a1', 'a2', 'a3', 'a4'])
    expect(pool.keys).toBe(0)
  })
})

describe('KeyedLock', () => {
  it('runs one section at a time per key, in call order; other keys run alongside', async () => {
    const lock = new KeyedLock()
    const m = meter()
    const order: string[] = []
    await Promise.all(
      ['x1', 'y1', 'x2', 'x3', 'y2'].map((name) =>
        lock.run(name[0]!, async () => {
          order.push(`start ${name}`)
          await m.hold(name[0]!, name)
          order.push(`end ${name}`)
        })
      )
    )
    expect([m.peakOf('x'), m.peakOf('y'), m.peak()]).toEqual([1, 1, 2])
    const xs = order.filter((o) => o.endsWith('x1') || o.endsWith('x2') || o.endsWith('x3'))
    expect(xs).toEqual(['start x1', 'end x1', 'start x2', 'end x2', 'start x3', 'end x3'])
    expect(lock.keys).toBe(0)
  })

  it('a failed section rejects its caller only and does not block the next', async () => {
    const lock = new KeyedLock()
    const first = lock.run('k', async () => {
      await tick()
      throw new Error('first')
    })
    const second = lock.run('k', async () => 'second')
    await expect(first).rejects.toThrow('first')
    await expect(second).resolves.toBe('second')
    expect(lock.keys).toBe(0)
  })
})

describe('InFlight', () => {
  it('shares work while it runs and starts it again once it has settled', async () => {
    const reads = new InFlight<number>()
    let calls = 0
    const read = async () => {
      await tick()
      return ++calls
    }
    const [a, b] = await Promise.all([reads.run('k', read), reads.run('k', read)])
    expect([a, b, calls]).toEqual([1, 1, 1])
    expect(reads.size).toBe(0)
    await expect(reads.run('k', read)).resolves.toBe(2)
    await expect(reads.run('other', read)).resolves.toBe(3)
  })

  it('gives every caller that joined the error, keeps nothing, and the next caller retries', async () => {
    const reads = new InFlight<string>()
    let calls = 0
    const failing = async (): Promise<string> => {
      calls++
      await tick()
      throw new Error('down')
    }
    const joined = [reads.run('k', failing), reads.run('k', failing), reads.run('k', failing)]
    for (const p of joined) await expect(p).rejects.toThrow('down')
    expect([calls, reads.size]).toEqual([1, 0])
    await expect(reads.run('k', async () => 'up')).resolves.toBe('up')
  })

  it('turns a synchronous throw into a rejection and keeps nothing', async () => {
    const reads = new InFlight()
    const run = reads.run('k', () => {
      throw new Error('sync')
    })
    await expect(run).rejects.toThrow('sync')
    expect(reads.size).toBe(0)
  })
})

describe('Memo', () => {
  it('keeps a success for its lifetime: identical work runs once', async () => {
    const memo = new Memo<number>()
    let calls = 0
    const work = async () => ++calls
    expect(await memo.run('k', work)).toBe(1)
    expect(await memo.run('k', work)).toBe(1)
    expect(await memo.run('j', work)).toBe(2)
    expect(memo.size).toBe(2)
  })

  it('never keeps a failure: every waiter gets it, the next caller starts afresh', async () => {
    const memo = new Memo<number>()
    let calls = 0
    const failing = async (): Promise<number> => {
      calls++
      throw new Error('x')
    }
    const a = memo.run('k', failing)
    const b = memo.run('k', failing)
    expect(a).toBe(b)
    await expect(a).rejects.toThrow('x')
    await expect(b).rejects.toThrow('x')
    // Even a caller reacting in the failure's own continuation gets fresh work.
    const retried = await a.catch(() => memo.run('k', async () => ++calls))
    expect([retried, calls]).toEqual([2, 2])
  })
})

describe('mapBounded', () => {
  it('keeps results in input order, at most `limit` at once, started in input order', async () => {
    const m = meter()
    const started: number[] = []
    const results = await mapBounded([5, 1, 4, 2, 3], 2, async (n, i) => {
      started.push(i)
      return m.hold('', n * 10, n)
    })
    expect(results).toEqual([50, 10, 40, 20, 30])
    expect(started).toEqual([0, 1, 2, 3, 4])
    expect(m.peak()).toBe(2)
  })

  it('applies the limit per key with `perKey`, keys in parallel', async () => {
    const m = meter()
    const items = ['a', 'b', 'c'].flatMap((host) => [1, 2, 3, 4, 5].map((n) => ({ host, n })))
    const results = await mapBounded(items, 2, async ({ host, n }) => m.hold(host, `${host}${n}`), {
      perKey: (item) => item.host
    })
    expect(results).toEqual(items.map(({ host, n }) => `${host}${n}`))
    expect([m.peakOf('a'), m.peakOf('b'), m.peakOf('c'), m.peak()]).toEqual([2, 2, 2, 6])
  })

  it('handles no items and iterables', async () => {
    await expect(mapBounded([], 3, async () => 1)).resolves.toEqual([])
    const map = new Map([
      ['a', 1],
      ['b', 2]
    ])
    await expect(mapBounded(map, 1, async ([k, v]) => `${k}=${v}`)).resolves.toEqual(['a=1', 'b=2'])
    await expect(mapBounded([1], 0, async () => 1)).rejects.toThrow(RangeError)
  })

  it('error rule: after a failure nothing new starts; it rejects with the first failure once the running items settled', async () => {
    const started: number[] = []
    const finished: number[] = []
    const run = mapBounded([1, 2, 3, 4, 5, 6], 3, async (n) => {
      started.push(n)
      await tick(n === 1 ? 1 : 15)
      finished.push(n)
      if (n === 1) throw new Error('one')
      if (n === 2) throw new Error('two')
      return n
    })
    await expect(run).rejects.toThrow('one')
    // 1 failed first; 2 and 3 were running and are waited for; 4..6 never start.
    expect(started).toEqual([1, 2, 3])
    expect(finished.sort()).toEqual([1, 2, 3])
  })

  it('error rule holds across keys: a failure on one key stops new starts on every key', async () => {
    const started: string[] = []
    const items = ['a1', 'a2', 'b1', 'b2', 'b3']
    const run = mapBounded(
      items,
      1,
      async (item) => {
        started.push(item)
        await tick(item === 'a1' ? 1 : 10)
        if (item === 'a1') throw new Error('a1 failed')
        return item
      },
      { perKey: (item) => item[0]! }
    )
    await expect(run).rejects.toThrow('a1 failed')
    expect(started).toEqual(['a1', 'b1'])
  })
})
