@testable import AutoDiff
import Testing

/// A tape numbers its entries with 32 bits. Recording checks only the room left, which
/// `TapeStorage.limit` keeps below the number of entries still available; these tests
/// start a tape just below the last number rather than record four billion entries.
@Suite("Entry numbering: 32 bits, checked without a per-entry test")
struct EntryNumberingTests {
  /// A tape whose next entry is number `UInt32.max - left`, with room to spare.
  static func tape(withNumbersLeft left: Int) -> Tape<Double> {
    let tape = Tape<Double>(capacity: 1 << 12)
    tape.storage.pointee.count = Int(UInt32.max) - left
    tape.storage.pointee.updateLimit()
    return tape
  }

  @Test("The limit leaves exactly as many bytes as numbers left, never more than the capacity")
  func limitTracksNumbersLeft() {
    let tape = Self.tape(withNumbersLeft: 3)
    #expect(tape.storage.pointee.limit == 3)
    let fresh = Tape<Double>(capacity: 1 << 12)
    #expect(fresh.storage.pointee.limit == fresh.storage.pointee.capacity)
  }

  @Test("The last numbers are handed out, in order, by every kind of record")
  func lastNumbersAreUsed() {
    let tape = Self.tape(withNumbersLeft: 3)
    let x = tape.input(2)  // 1 byte: within the limit
    let y = x * tape.input(3)  // past the limit: grow(toHold:) checks and allows it
    #expect(x.entryIndex == Int(UInt32.max) - 3)
    #expect(y.entryIndex == Int(UInt32.max) - 1)
    #expect(tape.count == Int(UInt32.max))
  }

  @Test("One entry more stops with a message naming the 32-bit numbering")
  func overflowStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let tape = EntryNumberingTests.tape(withNumbersLeft: 2)
      let x = tape.input(2)
      let y = tape.input(3)
      _ = x * y
    }
    #expect(standardError(of: result).contains("recorded operations; a tape numbers its entries with 32 bits"))
  }
}
