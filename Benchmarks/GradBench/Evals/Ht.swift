// ht: hand tracking (ADBench). A skinned hand model posed by 26 parameters θ; the residuals
// between observed points and their corresponding model vertices (simple variant) or points
// on model triangles at barycentric coordinates u (complicated variant), and the Jacobian.
import AutoDiff

struct HandModel {
  let parents: [Int]
  let baseRelatives: [[Double]]  // per bone, 4 × 4 row-major
  let inverseBaseAbsolutes: [[Double]]  // per bone, 4 × 4 row-major
  let basePositions: [[Double]]  // per vertex, homogeneous (4)
  let weights: [[Double]]  // per vertex, one per bone
  let triangles: [[Int]]
  let isMirrored: Bool
  var boneCount: Int { parents.count }
}

struct HandData {
  let model: HandModel
  let correspondences: [Int]
  let points: [[Double]]  // per correspondence, 3
}

/// The n × p product of the n × m matrix a and the m × p matrix b (row-major).
func matrixProduct<T: Differentiable>(_ a: [T], _ b: [T], _ n: Int, _ m: Int, _ p: Int) -> [T] {
  var c = [T](repeating: 0, count: n * p)
  for i in 0..<n {
    for k in 0..<m {
      let aik = a[i * m + k]
      for j in 0..<p { c[i * p + j] += aik * b[k * p + j] }
    }
  }
  return c
}

/// The rotation R_z R_y R_x of Euler angles given in the order x, z, y.
func eulerRotation<T: Differentiable>(_ xzy: [T]) -> [T] {
  let (tx, ty, tz) = (xzy[0], xzy[2], xzy[1])
  let (cx, sx, cy, sy, cz, sz) = (T.cos(tx), T.sin(tx), T.cos(ty), T.sin(ty), T.cos(tz), T.sin(tz))
  let rx: [T] = [1, 0, 0, 0, cx, -sx, 0, sx, cx]
  let ry: [T] = [cy, 0, sy, 0, 1, 0, -sy, 0, cy]
  let rz: [T] = [cz, -sz, 0, sz, cz, 0, 0, 0, 1]
  return matrixProduct(matrixProduct(rz, ry, 3, 3, 3), rx, 3, 3, 3)
}

/// The rotation by the angle-axis vector v (the identity for |v| < 10⁻⁴).
func angleAxisRotation<T: Differentiable>(_ v: [T]) -> [T] {
  let norm = T.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2])
  if norm < .constant(1e-4) { return [1, 0, 0, 0, 1, 0, 0, 0, 1] }
  let (x, y, z) = (v[0] / norm, v[1] / norm, v[2] / norm)
  let (s, c) = (T.sin(norm), T.cos(norm))
  return [
    x * x + (1 - x * x) * c, x * y * (1 - c) - z * s, x * z * (1 - c) + y * s,
    x * y * (1 - c) + z * s, y * y + (1 - y * y) * c, y * z * (1 - c) - x * s,
    x * z * (1 - c) - y * s, z * y * (1 - c) + x * s, z * z + (1 - z * z) * c,
  ]
}

/// The pose: global rotation, scale (1) and translation, then Euler angles per bone.
func poseParameters<T: Differentiable>(_ theta: [T], boneCount: Int) -> [[T]] {
  var pose = [[T]](repeating: [0, 0, 0], count: boneCount + 3)
  pose[0] = Array(theta[0..<3])
  pose[1] = [1, 1, 1]
  pose[2] = Array(theta[3..<6])
  var t = 6
  var bone = 5
  for _ in 0..<5 {  // fingers
    for joint in 2...4 {
      pose[bone][0] = theta[t]
      t += 1
      if joint == 2 {
        pose[bone][1] = theta[t]
        t += 1
      }
      bone += 1
    }
    bone += 1
  }
  return pose
}

/// The skinned vertex positions (3 per vertex) of the posed model.
func skinnedVertices<T: Differentiable>(_ theta: [T], _ model: HandModel) -> [[T]] {
  let pose = poseParameters(theta, boneCount: model.boneCount)
  var absolutes: [[T]] = []
  var transforms: [[T]] = []
  for b in 0..<model.boneCount {
    var local = [T](repeating: 0, count: 16)
    let r = eulerRotation(pose[b + 3])
    for i in 0..<3 { for j in 0..<3 { local[4 * i + j] = r[3 * i + j] } }
    local[15] = 1
    let relative = matrixProduct(model.baseRelatives[b].constants(as: T.self), local, 4, 4, 4)
    let parent = model.parents[b]
    absolutes.append(parent == -1 ? relative : matrixProduct(absolutes[parent], relative, 4, 4, 4))
    transforms.append(
      matrixProduct(absolutes[b], model.inverseBaseAbsolutes[b].constants(as: T.self), 4, 4, 4))
  }
  var positions = [[T]](repeating: [0, 0, 0], count: model.basePositions.count)
  for (v, base) in model.basePositions.enumerated() {
    let homogeneous = base.constants(as: T.self)
    for b in 0..<model.boneCount {
      let w = T.constant(model.weights[v][b])
      for i in 0..<3 {
        var coordinate: T = 0
        for k in 0..<4 { coordinate += transforms[b][4 * i + k] * homogeneous[k] }
        positions[v][i] += coordinate * w
      }
    }
    if model.isMirrored { positions[v][0] = -positions[v][0] }
  }
  // The global transform: rotation (columns scaled by pose[1]) and translation.
  let rotation = angleAxisRotation(pose[0])
  return positions.map { p in
    (0..<3).map { i in
      var sum = pose[2][i]
      for j in 0..<3 { sum += rotation[3 * i + j] * pose[1][j] * p[j] }
      return sum
    }
  }
}

/// The residuals, 3 per correspondence. `us` is empty (simple variant: the corresponding
/// vertex) or holds 2 barycentric coordinates per correspondence (complicated variant).
func handResiduals<T: Differentiable>(_ theta: [T], us: [T], _ data: HandData) -> [T] {
  let vertices = skinnedVertices(theta, data.model)
  var residuals: [T] = []
  residuals.reserveCapacity(3 * data.correspondences.count)
  for (i, c) in data.correspondences.enumerated() {
    for j in 0..<3 {
      let modelPoint: T
      if us.isEmpty {
        modelPoint = vertices[c][j]
      } else {
        let t = data.model.triangles[c]
        let (u0, u1) = (us[2 * i], us[2 * i + 1])
        modelPoint = u0 * vertices[t[0]][j] + u1 * vertices[t[1]][j] + (1 - u0 - u1) * vertices[t[2]][j]
      }
      residuals.append(.constant(data.points[i][j]) - modelPoint)
    }
  }
  return residuals
}

enum Ht {
  struct Model: Decodable {
    let parents: [Int]
    let base_relatives: [[[Double]]]
    let inverse_base_absolutes: [[[Double]]]
    let base_positions: [[Double]]
    let weights: [[Double]]
    let triangles: [[Int]]
    let is_mirrored: Bool
  }
  struct Data: Decodable {
    let model: Model
    let correspondences: [Int]
    let points: [[Double]]
  }
  struct Input: Decodable {
    let theta: [Double]
    let data: Data
    let us: [[Double]]

    var handData: HandData {
      let m = data.model
      return HandData(
        model: HandModel(
          parents: m.parents, baseRelatives: m.base_relatives.map { $0.flatMap { $0 } },
          inverseBaseAbsolutes: m.inverse_base_absolutes.map { $0.flatMap { $0 } },
          basePositions: m.base_positions, weights: m.weights, triangles: m.triangles,
          isMirrored: m.is_mirrored),
        correspondences: data.correspondences, points: data.points)
    }
  }

  static var functions: [String: EvalFunction] { [
    "objective": measured { (input: Input) in
      let (data, us) = (input.handData, input.us.flatMap { $0 })
      return { handResiduals(input.theta, us: us, data) }
    },
    "jacobian": measured { (input: Input) in
      let (data, us) = (input.handData, input.us.flatMap { $0 })
      if us.isEmpty {
        // 26 inputs: one forward pass of 26 tangents.
        return {
          jacobian(
            of: { handResiduals($0, us: [], data) }, at: input.theta, mode: ForwardMode<26>())
        }
      }
      // Residual i depends on its own pair uᵢ only, so every pair can share two tangent
      // lanes: differentiate with respect to a shift (δ₀, δ₁) added to all pairs, then θ.
      // API gap: the library's sparse Jacobian (PreparedSparseJacobian) would find this
      // colouring itself, but it takes a DifferentiableFunction, whose generic
      // callAsFunction<T: Differentiable> cannot turn the eval's Double data into T.
      return {
        jacobian(
          of: { (z: [ChunkedDual<Double, 28>]) in
            let shifted = us.indices.map { z[$0 % 2] + .constant(us[$0]) }
            return handResiduals(Array(z[2...]), us: shifted, data)
          }, at: [0, 0] + input.theta, mode: ForwardMode<28>())
      }
    },
  ] }
}
