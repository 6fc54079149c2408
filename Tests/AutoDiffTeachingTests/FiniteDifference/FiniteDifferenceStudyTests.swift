import AutoDiffTeaching
import Foundation
import Testing

@Suite("Finite-difference study")
struct FiniteDifferenceStudyTests {
  @Test("the default: f(x) = 3x³ − 5x² at 1.5, exact f′ = 5.25, f″ = 17, f‴ = 18")
  func defaults() throws {
    let study = try FiniteDifferenceStudy()
    #expect(study.value == -1.125)
    #expect(study.exact == 5.25)
    #expect(study.secondDerivative == 17)
    #expect(study.thirdDerivative == 18)
    #expect(study.rows.count == 16)
    #expect(study.rows.first?.step == 1e-1)
    #expect(study.rows.last?.step == 1e-16)
  }

  @Test("truncation error falls with h, rounding error rises, and the best steps are near √ε and ∛ε")
  func shape() throws {
    let study = try FiniteDifferenceStudy()
    // Rows 0 to 14 are read below: all 16 (h = 10⁻¹ … 10⁻¹⁶), or stop here.
    try #require(study.rows.count == 16)
    let forward = study.rows.map(\.forwardError)
    let central = study.rows.map(\.centralError)
    // h = 10⁻¹ … 10⁻⁵: truncation dominates, each step down divides the error by ~10 (~100).
    for k in 0..<4 {
      #expect(forward[k + 1] < forward[k] / 5)
      #expect(central[k + 1] < central[k] / 50)
    }
    // h = 10⁻⁹ … 10⁻¹⁵: rounding dominates and the error grows.
    #expect(forward[14] > forward[8] * 1e4)
    #expect(central[14] > central[8] * 1e4)
    let bestForward = try #require(study.bestForward)
    let bestCentral = try #require(study.bestCentral)
    #expect((1e-9...1e-7).contains(bestForward.step))
    #expect((1e-6...1e-4).contains(bestCentral.step))
    #expect(bestCentral.centralError < bestForward.forwardError)
    #expect(study.rows.last?.stepVanishes == true, "1.5 + 1e-16 rounds to 1.5")
  }

  @Test("another expression and point")
  func custom() throws {
    let study = try FiniteDifferenceStudy(expression: "exp(t)*sin(t)", at: 0.7)
    #expect(study.variable == "t")
    #expect(isClose(study.exact, Foundation.exp(0.7) * (Foundation.sin(0.7) + Foundation.cos(0.7))))
    #expect(isClose(study.secondDerivative, 2 * Foundation.exp(0.7) * Foundation.cos(0.7)))
  }

  @Test(
    "expressions that cannot be studied are refused",
    arguments: [
      ("a*b", InputError.Kind.unknownVariable, "has 2 (a, b)"),
      ("2+3", .noVariables, "has none"),
      ("1/(x-1.5)", .divisionByZero, "division by zero"),
      ("sqrt(x-2)", .notARealNumber, "has no real value"),
      ("abs(x", .syntax, "expected ')'"),
    ])
  func refused(expression: String, kind: InputError.Kind, message: String) {
    do {
      _ = try FiniteDifferenceStudy(expression: expression, at: 1.5)
      Issue.record("\(expression) was accepted")
    } catch {
      #expect(error.kind == kind)
      #expect(error.message.contains(message), "\(error.message)")
    }
  }

  @Test("the table shows every step, the exact value and the vanished step")
  func text() throws {
    let text = try FiniteDifferenceStudy().rendered()
    #expect(text.contains("exact f′(1.5) = 5.25 by forward-mode AD"))
    #expect(text.contains("1e-01   6.130000000000008  8.80e-01   5.280000000000009  3.00e-02"))
    #expect(text.contains("1e-16   x + h rounds to x"))
    #expect(text.contains("Smallest error: forward"))
  }
}
