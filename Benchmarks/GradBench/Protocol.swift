// The GradBench protocol (upstream CONTRIBUTING.md, "Protocol"): one JSON message per line
// on standard input, one JSON response per line on standard output.
import Foundation

/// One function of one eval: the whole `evaluate` message line in, the output and its
/// timings out. Input decoding and output encoding stay outside the timed runs.
typealias EvalFunction = (Data) throws -> (output: any Encodable, timings: [Timing])

struct Timing: Encodable {
  let name: String
  let nanoseconds: Int
}

struct EvalFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// The fields every message has.
private struct Header: Decodable {
  let id: Int
  let kind: String
  let module: String?
  let function: String?
}

/// An `evaluate` message's `input`, decoded as the eval's own input type.
private struct Evaluate<Input: Decodable>: Decodable {
  let input: Input
}

/// `min_runs` and `min_seconds`, which every eval but hello adds to its input.
private struct Runs: Decodable {
  let min_runs: Int?
  let min_seconds: Double?
}

/// Decodes the input of an `evaluate` message, calls `prepare` once (not timed), then runs
/// the function it returns at least `min_runs` times and until `min_seconds` have passed,
/// timing each run; the output is the last run's.
func measured<Input: Decodable, Output: Encodable>(
  _ prepare: @escaping (Input) throws -> () -> Output
) -> EvalFunction {
  { line in
    let decoder = JSONDecoder()
    let input = try decoder.decode(Evaluate<Input>.self, from: line).input
    let runs = (try? decoder.decode(Evaluate<Runs>.self, from: line).input)
    let minRuns = max(runs?.min_runs ?? 1, 1)
    let minSeconds = runs?.min_seconds ?? 0
    let run = try prepare(input)
    var timings: [Timing] = []
    var total = 0.0
    var output: Output
    repeat {
      let start = DispatchTime.now().uptimeNanoseconds
      output = run()
      let elapsed = Int(DispatchTime.now().uptimeNanoseconds - start)
      timings.append(Timing(name: "evaluate", nanoseconds: elapsed))
      total += Double(elapsed) / 1e9
    } while timings.count < minRuns || total < minSeconds
    return (output, timings)
  }
}

private struct Acknowledgement: Encodable {
  let id: Int
  var tool: String?
}

private struct DefineResponse: Encodable {
  let id: Int
  let success: Bool
  var error: String?
}

private struct EvaluateResponse: Encodable {
  let id: Int
  let success: Bool
  var output: (any Encodable)?
  var timings: [Timing]?
  var error: String?

  enum CodingKeys: CodingKey { case id, success, output, timings, error }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(success, forKey: .success)
    if let output { try container.encode(output, forKey: .output) }
    try container.encodeIfPresent(timings, forKey: .timings)
    try container.encodeIfPresent(error, forKey: .error)
  }
}

/// Reads messages until standard input ends and answers each one.
func serve(modules: [String: [String: EvalFunction]]) {
  let decoder = JSONDecoder()
  let encoder = JSONEncoder()
  func send(_ response: some Encodable) {
    do {
      var data = try encoder.encode(response)
      data.append(UInt8(ascii: "\n"))
      FileHandle.standardOutput.write(data)
    } catch {
      FileHandle.standardError.write(Data("gradbench: cannot encode a response: \(error)\n".utf8))
    }
  }
  while let text = readLine(strippingNewline: true) {
    if text.isEmpty { continue }
    let line = Data(text.utf8)
    guard let header = try? decoder.decode(Header.self, from: line) else {
      FileHandle.standardError.write(Data("gradbench: not a message: \(text.prefix(200))\n".utf8))
      continue
    }
    switch header.kind {
    case "start":
      send(Acknowledgement(id: header.id, tool: "autodiff"))
    case "define":
      let known = modules[header.module ?? ""] != nil
      send(
        DefineResponse(
          id: header.id, success: known,
          error: known ? nil : "autodiff does not implement \(header.module ?? "?")"))
    case "evaluate":
      guard let module = modules[header.module ?? ""],
        let function = module[header.function ?? ""]
      else {
        send(
          EvaluateResponse(
            id: header.id, success: false,
            error: "unknown function \(header.module ?? "?")::\(header.function ?? "?")"))
        continue
      }
      do {
        let (output, timings) = try function(line)
        // Encode here so that a non-finite output becomes a failure, not a lost line.
        let response = EvaluateResponse(
          id: header.id, success: true, output: output, timings: timings)
        var data = try encoder.encode(response)
        data.append(UInt8(ascii: "\n"))
        FileHandle.standardOutput.write(data)
      } catch {
        send(EvaluateResponse(id: header.id, success: false, error: "\(error)"))
      }
    default:
      send(Acknowledgement(id: header.id))
    }
  }
}
