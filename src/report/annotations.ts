// RunReport problems -> file annotations within GitHub's limits (10 errors and 10 warnings per step
// are shown; extras are silently dropped), most important first, de-duplicated. When a severity
// has more than fits, the last slot says how many more there are.
import { sortedProblems, type ReportProblem, type RunReport } from './run-report.js'

export const ANNOTATIONS_PER_SEVERITY = 10

export interface Annotation {
  severity: 'error' | 'warning'
  title: string
  message: string
  file?: string
  line?: number
  column?: number
}

function unique(problems: ReportProblem[]): ReportProblem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = `${p.severity}|${p.position?.file}|${p.position?.line}|${p.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

export function annotationsFor(report: RunReport, fileRoot = ''): Annotation[] {
  const out: Annotation[] = []
  for (const severity of ['error', 'warning'] as const) {
    const problems = unique(sortedProblems(report.problems).filter((p) => p.severity === severity))
    const fits =
      problems.length > ANNOTATIONS_PER_SEVERITY ? ANNOTATIONS_PER_SEVERITY - 1 : problems.length
    for (const p of problems.slice(0, fits)) {
      out.push({
        severity,
        title: `image-promoter: ${p.kind}`,
        message: p.message,
        file: p.position ? joinPath(fileRoot, p.position.file) : undefined,
        line: p.position?.line,
        column: p.position?.column
      })
    }
    if (problems.length > fits) {
      const more = problems.length - fits
      out.push({
        severity,
        title: 'image-promoter',
        message: `${more} more ${severity}s: see the job summary and the JSON report`
      })
    }
  }
  return out
}

function joinPath(root: string, file: string): string {
  if (!root || root === '.') return file
  return `${root.replace(/\/+$/, '')}/${file}`
}
