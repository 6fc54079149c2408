// kmeans: the k-means cost Σᵢ minⱼ ‖Cⱼ − Pᵢ‖², and one Newton direction J ⊘ diag(H) for the
// centroids C (H is diagonal: each term depends on one centroid).
import AutoDiff

/// The cost on tensors, for n points × d (a constant) and k centroids × d: the squared
/// distances as ‖p‖² + ‖c‖² − 2·p·c (one matrix product), the smallest in each row, summed.
func kmeansCost(_ centroids: Tensor<Double>, points: Tensor<Double>) -> Tensor<Double> {
  let pointNorms = (points * points).sum(alongAxes: [1], keepingDimensions: true)  // n × 1
  let centroidNorms = (centroids * centroids).sum(alongAxes: [1]).reshaped(to: [1, centroids.shape[0]])
  let distances = pointNorms + centroidNorms - 2 * matmul(points, centroids.transposed())  // n × k
  return distances.min(alongAxes: [1]).sum()
}

enum Kmeans {
  struct Input: Decodable {
    let points: [[Double]]
    let centroids: [[Double]]
  }

  // Written on tensors, as JAX's and PyTorch's tools write it: every point against every
  // centroid is one matrix product.
  static var functions: [String: EvalFunction] { [
    "cost": measured { (input: Input) in
      let (points, centroids) = (Tensor(input.points), Tensor(input.centroids))
      return { kmeansCost(centroids, points: points).scalar }
    },
    "dir": measured { (input: Input) in
      let (points, centroids) = (Tensor(input.points), Tensor(input.centroids))
      let ones = Tensor<Double>.ones(centroids.shape)
      return {
        // H is diagonal, so H·1 is its diagonal: forward over reverse (the gradient, with
        // the all-ones direction carried through it) gives both in one pass.
        let (g, h) = jvp(of: { c in gradient(of: { kmeansCost($0, points: points) }, at: c) }, at: centroids, along: ones)
        let direction = (g / h).scalars
        let (k, d) = (centroids.shape[0], centroids.shape[1])
        return (0..<k).map { Array(direction[($0 * d)..<(($0 + 1) * d)]) }
      }
    },
  ] }
}
