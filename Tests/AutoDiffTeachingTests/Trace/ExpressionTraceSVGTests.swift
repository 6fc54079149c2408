import AutoDiffTeaching
import Foundation
import Testing

@Suite("Trace graph as SVG")
struct ExpressionTraceSVGTests {
  @Test(
    "the SVG is well-formed, with one box per entry and one arrow per operand reference",
    arguments: ["a*(a+b)", "sin(x)*y + exp(x/y)", "3*x^2 + y", "x*x", "x"])
  func counts(source: String) throws {
    let values = source.contains("a") ? ["a=2", "b=3"] : source.contains("y") ? ["x=0.5", "y=2"] : ["x=1.5"]
    let trace = try ExpressionTrace(source, values: values)
    let check = XMLCheck(trace.svg())
    #expect(check.isWellFormed, "\(check.error ?? "")")
    #expect(check.elements.first == "svg")
    let references = trace.list.entries.map(\.dependencies.count).reduce(0, +)
    // The background is one rect; every other rect is a node.
    #expect(check.elements.filter { $0 == "rect" }.count == 1 + trace.list.inputCount + trace.list.operationCount)
    #expect(check.elements.filter { $0 == "polyline" }.count == references)
    #expect(check.elements.filter { $0 == "polygon" }.count == references)
  }

  @Test("a·(a + b): layers rise along every edge; nodes show value and adjoint, edges the partial")
  func acceptance() throws {
    let trace = try ExpressionTrace("a*(a+b)", values: ["a=2", "b=3"])
    let layout = trace.graphLayout
    #expect(layout.layer == [0, 0, 1, 2])
    for entry in trace.list.entries {
      for (operand, _) in entry.dependencies { #expect(layout.layer[operand] < layout.layer[entry.index]) }
    }
    let svg = trace.svg()
    for text in [
      ">v0 = a<", ">v3 = multiply(v0, v2)<", ">value 10<", ">v̄ = 7<", ">∂/∂v0 = 5<", ">∂/∂v2 = 2<",
      ">∂/∂v1 = 1<",
    ] {
      #expect(svg.contains(text), "\(text)")
    }
  }
}
