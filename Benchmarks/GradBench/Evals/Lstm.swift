// lstm: the loss of an l-layer LSTM predicting each next character of a sequence (ADBench),
// and its gradient with respect to the main and extra parameters.
import AutoDiff

/// Sizes and data: everything but the parameters.
struct LstmData {
  let layers: Int, width: Int
  let state: [Double]  // 2l × b: hidden and cell of each layer
  let sequence: [Double]  // c × b
  var count: Int { sequence.count / width }
}

func sigmoid<T: Differentiable>(_ x: T) -> T { 1 / (1 + .exp(-x)) }

/// `parameters` holds the main parameters (per layer: forget, input, output and change
/// weights, then the same four biases, b each) followed by the extra ones (input weights,
/// output weights, output biases).
func lstmObjective<T: Differentiable>(_ parameters: [T], _ data: LstmData) -> T {
  let (l, b, c) = (data.layers, data.width, data.count)
  let extra = 8 * b * l
  var state = data.state.constants(as: T.self)
  var input = [T](repeating: 0, count: b)
  var prediction = [T](repeating: 0, count: b)
  var total: T = 0
  for t in 0..<(c - 1) {
    for i in 0..<b { input[i] = .constant(data.sequence[t * b + i]) * parameters[extra + i] }
    for layer in 0..<l {
      let w = 8 * b * layer  // weights at w, biases at w + 4b
      let hidden = 2 * b * layer, cell = hidden + b
      for i in 0..<b {
        let forget = sigmoid(input[i] * parameters[w + i] + parameters[w + 4 * b + i])
        let inGate = sigmoid(state[hidden + i] * parameters[w + b + i] + parameters[w + 5 * b + i])
        let outGate = sigmoid(input[i] * parameters[w + 2 * b + i] + parameters[w + 6 * b + i])
        let change = T.tanh(state[hidden + i] * parameters[w + 3 * b + i] + parameters[w + 7 * b + i])
        state[cell + i] = state[cell + i] * forget + inGate * change
        state[hidden + i] = outGate * .tanh(state[cell + i])
      }
      for i in 0..<b { input[i] = state[hidden + i] }
    }
    for i in 0..<b {
      prediction[i] = input[i] * parameters[extra + b + i] + parameters[extra + 2 * b + i]
    }
    var sum: T = 2
    for i in 0..<b { sum += .exp(prediction[i]) }
    let logSum = T.log(sum)
    for i in 0..<b { total += .constant(data.sequence[(t + 1) * b + i]) * (prediction[i] - logSum) }
  }
  return -total / T((c - 1) * b)
}

enum Lstm {
  struct Input: Decodable {
    let main_params: [[Double]]
    let extra_params: [[Double]]
    let state: [[Double]]
    let sequence: [[Double]]

    var data: LstmData {
      LstmData(
        layers: main_params.count / 2, width: sequence.first?.count ?? 0,
        state: state.flatMap { $0 }, sequence: sequence.flatMap { $0 })
    }
    var parameters: [Double] { main_params.flatMap { $0 } + extra_params.flatMap { $0 } }
  }

  static var functions: [String: EvalFunction] { [
    "objective": measured { (input: Input) in
      let (data, parameters) = (input.data, input.parameters)
      return { lstmObjective(parameters, data) }
    },
    "jacobian": measured { (input: Input) in
      let (data, parameters) = (input.data, input.parameters)
      let tape = Tape<Double>()
      return { tape.gradient(of: { lstmObjective($0, data) }, at: parameters) }
    },
  ] }
}
