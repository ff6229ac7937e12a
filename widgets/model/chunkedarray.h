#pragma once
// A growable array of trivially copyable values in fixed chunks of 2^Shift elements.
// Why not std::vector: a vector of 1M elements doubles by copying everything (and
// faulting in twice the memory) inside one appendBatch, an event-loop stall of tens of
// ms; chunks grow by one allocation at a time and never move. Fresh chunks are left
// uninitialised, so pages are faulted in as elements are written.
//
// Copies are deep (value semantics). sharedCopy() shares the chunks instead: only for
// append-only use, where the original never rewrites an element the copy can see and
// the copy never writes at all (the key bytes and offsets a filter worker reads).

#include <QtGlobal>

#include <memory>
#include <type_traits>
#include <vector>

namespace cachescope {

template <typename T, int Shift = 16> class ChunkedArray
{
    static_assert(std::is_trivially_copyable_v<T>);

public:
    static constexpr size_t ChunkSize = size_t(1) << Shift;

    ChunkedArray() = default;
    ChunkedArray(const ChunkedArray &other) { *this = other; }
    ChunkedArray &operator=(const ChunkedArray &other)
    {
        if (this == &other)
            return *this;
        m_chunks.clear();
        m_size = other.m_size;
        for (const auto &chunk : other.m_chunks) {
            m_chunks.push_back(std::shared_ptr<T[]>(new T[ChunkSize]));
            std::copy(chunk.get(), chunk.get() + ChunkSize, m_chunks.back().get());
        }
        return *this;
    }
    ChunkedArray(ChunkedArray &&) noexcept = default;
    ChunkedArray &operator=(ChunkedArray &&) noexcept = default;

    ChunkedArray sharedCopy() const
    {
        ChunkedArray copy;
        copy.m_chunks = m_chunks;
        copy.m_size = m_size;
        return copy;
    }

    size_t size() const { return m_size; }
    T operator[](size_t i) const { return m_chunks[i >> Shift][i & (ChunkSize - 1)]; }
    T &operator[](size_t i) { return m_chunks[i >> Shift][i & (ChunkSize - 1)]; }

    void push_back(T value)
    {
        if ((m_size >> Shift) == m_chunks.size())
            m_chunks.push_back(std::shared_ptr<T[]>(new T[ChunkSize]));
        (*this)[m_size++] = value;
    }
    void growTo(size_t size, T fill)
    {
        while (m_size < size)
            push_back(fill);
    }
    void clear()
    {
        std::vector<std::shared_ptr<T[]>>().swap(m_chunks);
        m_size = 0;
    }

private:
    std::vector<std::shared_ptr<T[]>> m_chunks;
    size_t m_size = 0;
};

} // namespace cachescope
