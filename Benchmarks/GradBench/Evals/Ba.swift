// ba: bundle adjustment (ADBench). The residuals of p observations of m points by n cameras,
// and their sparse Jacobian, block by block: each observation's two reprojection residuals
// depend on its camera (11), its point (3) and its weight (1).
import AutoDiff

/// The 3-vector `point` rotated by the Rodrigues vector `rotation`.
func rodriguesRotate<T: Differentiable>(_ rotation: [T], _ point: [T]) -> [T] {
  func cross(_ a: [T], _ b: [T]) -> [T] {
    [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
  }
  let squaredAngle = rotation[0] * rotation[0] + rotation[1] * rotation[1] + rotation[2] * rotation[2]
  if squaredAngle != 0 {
    let angle = T.sqrt(squaredAngle)
    let (cosine, sine) = (T.cos(angle), T.sin(angle))
    let axis = rotation.map { $0 / angle }
    let axisCrossPoint = cross(axis, point)
    let projection = (axis[0] * point[0] + axis[1] * point[1] + axis[2] * point[2]) * (1 - cosine)
    return (0..<3).map { point[$0] * cosine + axisCrossPoint[$0] * sine + axis[$0] * projection }
  } else {
    let rotationCrossPoint = cross(rotation, point)
    return (0..<3).map { point[$0] + rotationCrossPoint[$0] }
  }
}

/// The two weighted reprojection residuals of one observation. `v` holds the camera
/// (rotation 3, centre 3, focal length, principal point 2, radial distortion 2), the point
/// (3) and the weight.
func reprojectionError<T: DoubleConstant>(_ v: [T], feature: (Double, Double)) -> [T] {
  let centred = [v[11] - v[3], v[12] - v[4], v[13] - v[5]]
  let camera = rodriguesRotate(Array(v[0..<3]), centred)
  var x = camera[0] / camera[2], y = camera[1] / camera[2]
  let squaredRadius = x * x + y * y
  let distortion = 1 + v[9] * squaredRadius + v[10] * squaredRadius * squaredRadius
  x = x * distortion * v[6] + v[7]
  y = y * distortion * v[6] + v[8]
  let weight = v[14]
  return [weight * (x - .constant(feature.0)), weight * (y - .constant(feature.1))]
}

func weightError<T: Differentiable>(_ w: T) -> T { 1 - w * w }

/// The problem, replicated from one camera, point, weight and feature as ADBench does.
struct BaProblem {
  let n: Int, m: Int, p: Int
  let cameras: [Double]  // n × 11
  let points: [Double]  // m × 3
  let weights: [Double]  // p
  let features: [Double]  // p × 2
  func camera(of i: Int) -> Int { i % n }
  func point(of i: Int) -> Int { i % m }

  /// The camera, point and weight that observation i depends on.
  func variables(of i: Int) -> [Double] {
    let c = camera(of: i) * 11, x = point(of: i) * 3
    return Array(cameras[c..<(c + 11)]) + Array(points[x..<(x + 3)]) + [weights[i]]
  }
  func feature(of i: Int) -> (Double, Double) { (features[2 * i], features[2 * i + 1]) }
}

enum Ba {
  struct Input: Decodable {
    let n: Int, m: Int, p: Int
    let cam: [Double]
    let x: [Double]
    let w: Double
    let feat: [Double]

    var problem: BaProblem {
      BaProblem(
        n: n, m: m, p: p,
        cameras: Array((0..<n).map { _ in cam }.joined()),
        points: Array((0..<m).map { _ in x }.joined()),
        weights: Array(repeating: w, count: p),
        features: Array((0..<p).map { _ in feat }.joined()))
    }
  }

  struct Repeated<Element: Encodable>: Encodable {
    let elements: Element?
    let element: Element?
    let repeated: Int
  }

  struct Objective: Encodable {
    let reproj_error: Repeated<[Double]>
    let w_err: Repeated<Double>
  }

  /// The sparse Jacobian in compressed rows, cut to its first 30 entries and its last one.
  struct Jacobian: Encodable {
    let rows: [Int]
    let cols: [Int]
    let vals: [Double]
  }

  static func cut<E>(_ a: [E]) -> [E] { Array(a.prefix(30)) + [a.last!] }

  static var functions: [String: EvalFunction] { [
    "objective": measured { (input: Input) in
      let problem = input.problem
      return {
        var residuals = [Double](repeating: 0, count: 2 * problem.p)
        var weightResiduals = [Double](repeating: 0, count: problem.p)
        for i in 0..<problem.p {
          let r = reprojectionError(problem.variables(of: i), feature: problem.feature(of: i))
          residuals[2 * i] = r[0]
          residuals[2 * i + 1] = r[1]
        }
        for i in 0..<problem.p { weightResiduals[i] = weightError(problem.weights[i]) }
        return Objective(
          reproj_error: Repeated(elements: Array(residuals[0..<2]), element: nil, repeated: problem.p),
          w_err: Repeated(elements: nil, element: weightResiduals[0], repeated: problem.p))
      }
    },
    "jacobian": measured { (input: Input) in
      let problem = input.problem
      return {
        let (n, m, p) = (problem.n, problem.m, problem.p)
        var rows = [0]
        var cols: [Int] = []
        var vals: [Double] = []
        rows.reserveCapacity(3 * p + 1)
        cols.reserveCapacity(31 * p)
        vals.reserveCapacity(31 * p)
        for i in 0..<p {
          // 15 inputs, 2 outputs: one forward pass of 16 tangents.
          let block = jacobian(
            of: { reprojectionError($0, feature: problem.feature(of: i)) },
            at: problem.variables(of: i), mode: ForwardMode<16>())
          let columns =
            (0..<11).map { 11 * problem.camera(of: i) + $0 }
            + (0..<3).map { 11 * n + 3 * problem.point(of: i) + $0 } + [11 * n + 3 * m + i]
          for row in block {
            rows.append(rows.last! + 15)
            cols += columns
            vals += row
          }
        }
        for i in 0..<p {
          rows.append(rows.last! + 1)
          cols.append(11 * n + 3 * m + i)
          vals.append(derivative(of: weightError, at: problem.weights[i]))
        }
        return Jacobian(rows: cut(rows), cols: cut(cols), vals: cut(vals))
      }
    },
  ] }
}
