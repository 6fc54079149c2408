// kmeans: the k-means cost Σᵢ minⱼ ‖Cⱼ − Pᵢ‖², and one Newton direction J ⊘ diag(H) for the
// centroids C (H is diagonal: each term depends on one centroid).
import AutoDiff

func kmeansCost<T: Differentiable>(_ centroids: [T], points: [Double], dimension d: Int) -> T {
  let k = centroids.count / d
  let n = points.count / d
  var cost: T = 0
  for i in 0..<n {
    var closest = T.infinity
    for j in 0..<k {
      var distance: T = 0
      for l in 0..<d {
        let difference = T.constant(points[i * d + l]) - centroids[j * d + l]
        distance += difference * difference
      }
      closest = min(closest, distance)
    }
    cost += closest
  }
  return cost
}

enum Kmeans {
  struct Input: Decodable {
    let points: [[Double]]
    let centroids: [[Double]]
  }

  static var functions: [String: EvalFunction] { [
    "cost": measured { (input: Input) in
      let (points, centroids) = (input.points.flatMap { $0 }, input.centroids.flatMap { $0 })
      let d = input.points.first?.count ?? 0
      return { kmeansCost(centroids, points: points, dimension: d) }
    },
    "dir": measured { (input: Input) in
      let (points, centroids) = (input.points.flatMap { $0 }, input.centroids.flatMap { $0 })
      let d = input.points.first?.count ?? 0
      let ones = [Double](repeating: 1, count: centroids.count)
      return {
        // H is diagonal, so H·1 is its diagonal: one forward-over-reverse sweep gives both.
        let (g, h) = gradientAndHessianVectorProduct(
          of: { kmeansCost($0, points: points, dimension: d) }, at: centroids, along: ones)
        let direction = zip(g, h).map { $0 / $1 }
        return (0..<(centroids.count / d)).map { Array(direction[($0 * d)..<(($0 + 1) * d)]) }
      }
    },
  ] }
}
