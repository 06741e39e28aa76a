//! Ward's linkage (kodama), the cut into k clusters, and the top of the tree for drawing.
//!
//! kodama's Ward works on the squared distances and reports the square root, which is R's
//! `hclust(method = "ward.D2")` and SciPy's `linkage(method = "ward")`. Merges follow SciPy's
//! convention: nodes `0..n` are the documents, node `n + s` is made by merge `s`, `a < b`.
//! The cut numbers clusters in the order of their first document, as R's `cutree` does.

use serde::{Deserialize, Serialize};

use crate::progress::{self, Unit};

/// One merge: two nodes, the height, the size of the new node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Merge {
    /// The lower-numbered node joined: a document below `n`, or node `n + s` made by merge `s`.
    pub a: usize,
    /// The higher-numbered node joined, numbered as `a`.
    pub b: usize,
    /// The Ward (ward.D2) distance between the two nodes, in the units of the vectors'
    /// Euclidean distances; non-decreasing from merge to merge.
    pub height: f64,
    /// Documents under the new node.
    pub size: usize,
}

impl Serialize for Merge {
    /// As `[a, b, height, size]`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let mut tuple = serializer.serialize_tuple(4)?;
        tuple.serialize_element(&self.a)?;
        tuple.serialize_element(&self.b)?;
        tuple.serialize_element(&self.height)?;
        tuple.serialize_element(&self.size)?;
        tuple.end()
    }
}

impl<'de> serde::Deserialize<'de> for Merge {
    /// From `[a, b, height, size]`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (a, b, height, size) = serde::Deserialize::deserialize(deserializer)?;
        Ok(Merge { a, b, height, size })
    }
}

/// Ward's linkage of `n` points from their condensed distances (consumed as scratch space).
pub fn ward(condensed: &mut [f64], n: usize) -> Vec<Merge> {
    if n < 2 {
        return Vec::new();
    }
    // kodama reports nothing until the tree is done, so the step has no total to fill: a
    // spinner with the time spent, not a bar that would sit at zero.
    let step = progress::start("linkage", Unit::Merges, 0);
    let dendrogram = kodama::linkage(condensed, n, kodama::Method::Ward);
    step.advance(n as u64 - 1);
    dendrogram
        .steps()
        .iter()
        .map(|step| Merge {
            a: step.cluster1.min(step.cluster2),
            b: step.cluster1.max(step.cluster2),
            height: step.dissimilarity,
            size: step.size,
        })
        .collect()
}

/// The cluster (0-based) of each of the `n` points when the tree is cut into `k` clusters,
/// numbered in the order of their first point.
pub fn cut(merges: &[Merge], n: usize, k: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let k = k.clamp(1, n);
    let mut parent: Vec<usize> = (0..2 * n).collect();
    for (s, merge) in merges.iter().take(n - k).enumerate() {
        parent[merge.a] = n + s;
        parent[merge.b] = n + s;
    }
    let root_of = |mut node: usize| {
        while parent[node] != node {
            node = parent[node];
        }
        node
    };
    let mut numbers: Vec<(usize, usize)> = Vec::new();
    (0..n)
        .map(|point| {
            let root = root_of(point);
            match numbers.iter().find(|(r, _)| *r == root) {
                Some(&(_, number)) => number,
                None => {
                    numbers.push((root, numbers.len()));
                    numbers.len() - 1
                }
            }
        })
        .collect()
}

/// Whether the merges on either side of the cut at `k` have the same height (within 1e-9,
/// relative), so that another tool could cut the tie the other way.
pub fn tied_at_cut(merges: &[Merge], n: usize, k: usize) -> bool {
    if k < 2 || n <= k {
        return false;
    }
    let (kept, cut) = (merges[n - k - 1].height, merges[n - k].height);
    (cut - kept).abs() <= 1e-9 * cut.abs().max(1.0)
}

/// The tree above the level of `leaves` clusters, for the dendrogram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopTree {
    /// The clusters at that level, in drawing order (no branch crosses another).
    pub leaves: Vec<TopLeaf>,
    /// The merges above them: `left` and `right` index `leaves` (0..L) or earlier nodes
    /// (L + i), and every node is drawn at its height.
    pub nodes: Vec<TopNode>,
}

/// A leaf of the drawn dendrogram: a document or a subtree below the level drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopLeaf {
    /// Documents under the leaf, written under it on the chart.
    pub size: usize,
    /// The cluster of the cut at k it belongs to.
    pub cluster: usize,
}

/// A merge above the leaves, drawn as a link between its two children.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopNode {
    /// The first child: a leaf (0..L) or the node L + i of `nodes[i]`.
    pub left: usize,
    /// The second child, numbered as `left`.
    pub right: usize,
    /// The merge height, where the link is drawn on the chart's vertical axis.
    pub height: f64,
}

/// The top of the tree: its last `leaves - 1` merges, with the clusters under them as
/// leaves, ordered by walking the tree left branch first.
pub fn top_tree(merges: &[Merge], n: usize, leaves: usize, labels: &[usize]) -> TopTree {
    if n == 0 {
        return TopTree {
            leaves: Vec::new(),
            nodes: Vec::new(),
        };
    }
    let leaves = leaves.clamp(1, n);
    let first_top = n - leaves;
    let node_size = |node: usize| if node < n { 1 } else { merges[node - n].size };
    let first_point = first_points(merges, n);
    let mut order: Vec<usize> = Vec::new();
    let mut stack = vec![if n > 1 { 2 * n - 2 } else { 0 }];
    while let Some(node) = stack.pop() {
        if node >= n && node - n >= first_top {
            let merge = merges[node - n];
            stack.push(merge.b);
            stack.push(merge.a);
        } else {
            order.push(node);
        }
    }
    let leaf_index = |node: usize| order.iter().position(|&l| l == node);
    let mut tree = TopTree {
        leaves: order
            .iter()
            .map(|&node| TopLeaf {
                size: node_size(node),
                cluster: labels[first_point[node]] + 1,
            })
            .collect(),
        nodes: Vec::new(),
    };
    for (s, merge) in merges.iter().enumerate().skip(first_top) {
        let index = |node: usize| match leaf_index(node) {
            Some(i) => i,
            None => leaves + (node - n - first_top),
        };
        tree.nodes.push(TopNode {
            left: index(merge.a),
            right: index(merge.b),
            height: merges[s].height,
        });
    }
    tree
}

/// A point under each node (its smallest).
fn first_points(merges: &[Merge], n: usize) -> Vec<usize> {
    let mut first: Vec<usize> = (0..n).collect();
    for merge in merges {
        first.push(first[merge.a].min(first[merge.b]));
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::distances::condensed_index;

    /// Five points on a line at 0, 1, 5, 6 and 20, given in the order 5, 0, 20, 1, 6.
    fn five() -> Vec<Merge> {
        let x = [5.0, 0.0, 20.0, 1.0, 6.0];
        let n = x.len();
        let mut d = vec![0.0; n * (n - 1) / 2];
        for i in 0..n {
            for j in i + 1..n {
                d[condensed_index(n, i, j)] = f64::abs(x[i] - x[j]);
            }
        }
        ward(&mut d, n)
    }

    #[test]
    fn ward_on_five_points() {
        let merges = five();
        let heights: Vec<f64> = merges.iter().map(|m| m.height).collect();
        // {0,1} and {5,6} at 1; the two pairs: sqrt(2·2·2/4 · 25)... Ward's d between
        // centroids 0.5 and 5.5 with sizes 2, 2: sqrt(2·2·2/(2+2)) · 5 = sqrt(2) · 5.
        assert_eq!(heights[0], 1.0);
        assert_eq!(heights[1], 1.0);
        assert!((heights[2] - 5.0 * 2f64.sqrt()).abs() < 1e-12);
        // 20 joins the four at centroid 3: sqrt(2 · 4 · 1 / 5) · 17.
        assert!((heights[3] - (8.0f64 / 5.0).sqrt() * 17.0).abs() < 1e-12);
        let pairs: Vec<(usize, usize)> = merges.iter().map(|m| (m.a, m.b)).collect();
        assert!(pairs.contains(&(1, 3)) && pairs.contains(&(0, 4)));
        assert_eq!(merges[3].size, 5);
    }

    #[test]
    fn the_cut_numbers_clusters_by_first_point() {
        let merges = five();
        assert_eq!(cut(&merges, 5, 3), [0, 1, 2, 1, 0]);
        assert_eq!(cut(&merges, 5, 2), [0, 0, 1, 0, 0]);
        assert_eq!(cut(&merges, 5, 5), [0, 1, 2, 3, 4]);
        assert_eq!(cut(&merges, 5, 1), [0, 0, 0, 0, 0]);
        assert_eq!(cut(&merges, 5, 9), [0, 1, 2, 3, 4], "k above n is n");
        assert!(cut(&[], 0, 3).is_empty());
        assert!(top_tree(&[], 0, 50, &[]).leaves.is_empty());
        assert_eq!(top_tree(&[], 1, 50, &[1]).leaves.len(), 1);
        assert!(
            tied_at_cut(&merges, 5, 4),
            "the two first merges tie at height 1"
        );
        assert!(!tied_at_cut(&merges, 5, 3));
    }

    #[test]
    fn the_top_tree_is_drawn_without_crossings() {
        let merges = five();
        let labels = cut(&merges, 5, 2);
        let top = top_tree(&merges, 5, 3, &labels);
        // Three leaves, walking the root's lower node first: 20 (point 2), then the two pairs
        // under one node, so each node's leaves are adjacent and no branch crosses.
        let sizes: Vec<usize> = top.leaves.iter().map(|l| l.size).collect();
        assert_eq!(sizes, [1, 2, 2]);
        let clusters: Vec<usize> = top.leaves.iter().map(|l| l.cluster).collect();
        assert_eq!(clusters, [2, 1, 1]);
        assert_eq!(top.nodes.len(), 2);
        assert_eq!((top.nodes[0].left, top.nodes[0].right), (1, 2));
        assert_eq!((top.nodes[1].left, top.nodes[1].right), (0, 3));
    }

    proptest::proptest! {
        /// On random points: n − 1 merges at non-decreasing heights; every cut gives exactly
        /// k clusters numbered in order of first point; the top tree's leaves hold every point
        /// and each node's leaves are adjacent.
        #[test]
        fn tree_invariants(points in proptest::collection::vec(0.0f64..100.0, 1..30), k in 1usize..10) {
            let n = points.len();
            let mut d = vec![0.0; n * n.saturating_sub(1) / 2];
            for i in 0..n {
                for j in i + 1..n {
                    d[condensed_index(n, i, j)] = (points[i] - points[j]).abs();
                }
            }
            let merges = ward(&mut d, n);
            proptest::prop_assert_eq!(merges.len(), n - 1);
            proptest::prop_assert!(merges.windows(2).all(|w| w[0].height <= w[1].height + 1e-9));
            let labels = cut(&merges, n, k);
            let expected = k.min(n);
            proptest::prop_assert_eq!(labels.iter().max().copied(), Some(expected - 1));
            let mut next = 0;
            for &l in &labels {
                proptest::prop_assert!(l <= next, "cluster {} before cluster {}", l, next);
                next = next.max(l + 1);
            }
            let top = top_tree(&merges, n, 5, &labels);
            proptest::prop_assert_eq!(top.leaves.iter().map(|l| l.size).sum::<usize>(), n);
            let leaves = top.leaves.len();
            let mut spans: Vec<(usize, usize)> = (0..leaves).map(|i| (i, i)).collect();
            for node in &top.nodes {
                let (a, b) = (spans[node.left], spans[node.right]);
                proptest::prop_assert!(a.1 + 1 == b.0 || b.1 + 1 == a.0, "children not adjacent");
                spans.push((a.0.min(b.0), a.1.max(b.1)));
            }
        }
    }
}
