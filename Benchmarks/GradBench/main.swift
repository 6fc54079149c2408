// A GradBench tool for AutoDiff: speaks the protocol of upstream CONTRIBUTING.md on
// standard input and output. Build in release:
//   swift build -c release --product GradBench
// and run an eval against it with GradBench's intermediary, e.g.
//   gradbench run --eval 'gradbench repo eval gmm' --tool '.build/release/GradBench'
let modules: [String: [String: EvalFunction]] = [
  "hello": Hello.functions,
  "lse": Lse.functions,
  "llsq": Llsq.functions,
  "det": Det.functions,
  "gmm": Gmm.functions,
  "kmeans": Kmeans.functions,
  "ode": Ode.functions,
  "lstm": Lstm.functions,
  "ba": Ba.functions,
  "ht": Ht.functions,
  "particle": Particle.functions,
  "saddle": Saddle.functions,
]
serve(modules: modules)
