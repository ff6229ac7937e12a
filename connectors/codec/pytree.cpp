#include "pytree.h"

#include <vector>

namespace cachescope {

namespace {

void forEachChild(const PyNode &n, auto &&fn)
{
    for (int c : n.items)
        fn(c);
    for (int c : n.setItems)
        fn(c);
    for (int c : {n.callable, n.args, n.kwargs, n.state})
        if (c >= 0)
            fn(c);
}

} // namespace

int PyTree::maxDepthFrom(int index, int limit) const
{
    if (!valid(index))
        return 0;
    // Iterative post-order with memo: a DAG with shared children costs O(nodes + edges),
    // and a hostile 100k-deep chain cannot overflow the C++ stack.
    enum : quint8
    {
        White,
        Grey,
        Black
    };
    std::vector<quint8> colour(size_t(nodes.size()), White);
    std::vector<int> depth(size_t(nodes.size()), 1);
    std::vector<std::pair<int, bool>> work{{index, false}};
    while (!work.empty()) {
        auto [n, expanded] = work.back();
        work.pop_back();
        if (expanded) {
            int best = 0;
            forEachChild(nodes.at(n), [&](int c) {
                if (valid(c) && colour[size_t(c)] == Black)
                    best = std::max(best, depth[size_t(c)]);
            });
            depth[size_t(n)] = std::min(best + 1, limit + 1);
            colour[size_t(n)] = Black;
            continue;
        }
        if (colour[size_t(n)] != White)
            continue;
        colour[size_t(n)] = Grey;
        work.push_back({n, true});
        forEachChild(nodes.at(n), [&](int c) {
            if (valid(c) && colour[size_t(c)] == White)
                work.push_back({c, false});
        });
    }
    return depth[size_t(index)];
}

} // namespace cachescope
