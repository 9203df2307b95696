import {parseDocument, LineCounter, Parser, Lexer} from 'yaml'
for (const n of [25000, 50000, 100000, 200000]) {
  const flow = `a: [${Array.from({length:n},(_, i)=>`t${i}`).join(', ')}]\n`
  const block = `a:\n${Array.from({length:n},(_, i)=>`- t${i}`).join('\n')}\n`
  for (const [k, text] of [['flow', flow], ['block', block]] as const) {
    let t = performance.now()
    let c = 0; for (const tok of new Lexer().lex(text)) c++
    const lex = performance.now()-t
    t = performance.now()
    for (const tok of new Parser().parse(text)) c++
    const parse = performance.now()-t
    t = performance.now()
    parseDocument(text, {schema:'failsafe', uniqueKeys:false})
    console.log(n, k, 'lex', Math.round(lex), 'parse', Math.round(parse), 'doc', Math.round(performance.now()-t))
  }
}
