// ba: bundle adjustment (ADBench). The residuals of p observations of m points by n cameras,
// and their sparse Jacobian, block by block: each observation's two reprojection residuals
// depend on its camera (11), its point (3) and its weight (1).
import AutoDiff

/// The 3-vector `point` rotated by the Rodrigues vector `rotation`.
func rodriguesRotate<T: Differentiable>(_ rotation: (T, T, T), _ point: (T, T, T)) -> (T, T, T) {
  func cross(_ a: (T, T, T), _ b: (T, T, T)) -> (T, T, T) {
    (a.1 * b.2 - a.2 * b.1, a.2 * b.0 - a.0 * b.2, a.0 * b.1 - a.1 * b.0)
  }
  let (r, p) = (rotation, point)
  let squaredAngle = r.0 * r.0 + r.1 * r.1 + r.2 * r.2
  if squaredAngle != 0 {
    let angle = T.sqrt(squaredAngle)
    let (cosine, sine) = (T.cos(angle), T.sin(angle))
    let w = (r.0 / angle, r.1 / angle, r.2 / angle)
    let wCrossP = cross(w, p)
    let projection = (w.0 * p.0 + w.1 * p.1 + w.2 * p.2) * (1 - cosine)
    return (
      p.0 * cosine + wCrossP.0 * sine + w.0 * projection,
      p.1 * cosine + wCrossP.1 * sine + w.1 * projection,
      p.2 * cosine + wCrossP.2 * sine + w.2 * projection)
  } else {
    let rCrossP = cross(r, p)
    return (p.0 + rCrossP.0, p.1 + rCrossP.1, p.2 + rCrossP.2)
  }
}

/// The two weighted reprojection residuals of one observation: the camera `c` (rotation 3,
/// centre 3, focal length, principal point 2, radial distortion 2), the point `x` (3) and
/// the weight, each as the first elements of a collection.
func reprojectionError<T: Differentiable, Camera: RandomAccessCollection<T>, Point: RandomAccessCollection<T>>(
  camera c: Camera, point x: Point, weight: T, feature: (Double, Double)
) -> (T, T) where Camera.Index == Int, Point.Index == Int {
  let (c0, x0) = (c.startIndex, x.startIndex)
  let centred = (x[x0] - c[c0 + 3], x[x0 + 1] - c[c0 + 4], x[x0 + 2] - c[c0 + 5])
  let camera = rodriguesRotate((c[c0], c[c0 + 1], c[c0 + 2]), centred)
  var u = camera.0 / camera.2, v = camera.1 / camera.2
  let squaredRadius = u * u + v * v
  let distortion = 1 + c[c0 + 9] * squaredRadius + c[c0 + 10] * squaredRadius * squaredRadius
  u = u * distortion * c[c0 + 6] + c[c0 + 7]
  v = v * distortion * c[c0 + 6] + c[c0 + 8]
  return (weight * (u - .constant(feature.0)), weight * (v - .constant(feature.1)))
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
          let c = problem.camera(of: i) * 11, x = problem.point(of: i) * 3
          (residuals[2 * i], residuals[2 * i + 1]) = reprojectionError(
            camera: problem.cameras[c..<(c + 11)], point: problem.points[x..<(x + 3)],
            weight: problem.weights[i], feature: problem.feature(of: i))
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
        // 15 inputs, 2 outputs: reverse mode on one kept tape, one recording and one sweep
        // of two cotangents per block.
        let tape = Tape<Double>()
        for i in 0..<p {
          let block = tape.jacobian(
            of: { v in
              let r = reprojectionError(
                camera: v[0..<11], point: v[11..<14], weight: v[14], feature: problem.feature(of: i))
              return [r.0, r.1]
            },
            at: problem.variables(of: i))
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
