// A throwaway git repository for diff-scope tests: write files, commit with a chosen date.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export class TempRepo {
  readonly dir: string

  constructor(dir?: string) {
    this.dir = dir ?? mkdtempSync(join(tmpdir(), 'scope-git-'))
    if (!dir) this.git('init', '-q', '-b', 'main')
  }

  git(...args: string[]): string {
    return this.gitAt(undefined, ...args)
  }

  /** Run git with author and committer date set (ISO 8601), so `--since` can be tested. */
  gitAt(date: string | undefined, ...args: string[]): string {
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: this.dir }
    if (date) Object.assign(env, { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date })
    return execFileSync(
      'git',
      [
        '-c',
        'user.name=t',
        '-c',
        'user.email=t@example.com',
        '-c',
        'protocol.file.allow=always',
        ...args
      ],
      {
        cwd: this.dir,
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
  }

  write(path: string, text: string): this {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true })
    writeFileSync(join(this.dir, path), text)
    return this
  }

  commit(message: string, date?: string): string {
    this.git('add', '-A')
    this.gitAt(date, 'commit', '-q', '-m', message)
    return this.git('rev-parse', 'HEAD').trim()
  }
}

export const hex = (c: string): string => `sha256:${c.repeat(64)}`

/** A thin images.yaml; each image is [name, [[digest, tags]]]. */
export function imagesYaml(images: [string, [string, string[]][]][]): string {
  return images
    .map(
      ([name, dmap]) =>
        `- name: ${name}\n  dmap:\n${dmap.map(([d, tags]) => `    "${d}": [${tags.map((t) => `"${t}"`).join(', ')}]\n`).join('')}`
    )
    .join('')
}
