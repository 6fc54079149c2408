import AutoDiffTeaching
import Testing

@Suite("Number formatting")
struct NumberFormatTests {
  @Test(
    "values: integers plainly, others to ten digits, exponents tidy",
    arguments: [
      (7.0, "7"), (-1.125, "-1.125"), (0.1 + 0.2, "0.3"), (1.5e-9, "1.5e-9"), (2e20, "2e20"),
      (.infinity, "inf"), (-.infinity, "-inf"), (.nan, "nan"), (-0.0, "-0"), (1e15, "1e15"),
    ])
  func values(value: Double, expected: String) {
    #expect(NumberFormat.value(value) == expected)
  }

  @Test(
    "durations keep three significant digits with a unit",
    arguments: [(812e-9, "812 ns"), (1.234e-3, "1.23 ms"), (12.34e-6, "12.3 µs"), (2.5, "2.50 s"), (1e-6, "1.00 µs")])
  func durations(seconds: Double, expected: String) {
    #expect(NumberFormat.duration(seconds: seconds) == expected)
  }

  @Test("short durations for axis ticks")
  func durationTicks() {
    #expect(NumberFormat.duration(seconds: 1e-5, significantDigits: 3) == "10 µs")
    #expect(NumberFormat.duration(seconds: 1e-3, significantDigits: 3) == "1 ms")
  }

  @Test("bytes, counts and powers")
  func others() {
    #expect(NumberFormat.bytes(272) == "272 B")
    #expect(NumberFormat.bytes(3 * 1024 + 512) == "3.50 KiB")
    #expect(NumberFormat.bytes(5 * 1024 * 1024) == "5.00 MiB")
    #expect(NumberFormat.count(262_144) == "262,144")
    #expect(NumberFormat.count(-1000) == "-1,000")
    #expect(NumberFormat.count(999) == "999")
    #expect(NumberFormat.powerOfTen(-12) == "10⁻¹²")
    #expect(NumberFormat.scientific(0.88, digits: 2) == "8.80e-01")
  }
}
