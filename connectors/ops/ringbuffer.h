#pragma once
// A fixed-capacity ring: push_back overwrites the oldest element once full, so memory
// stays what the constructor allocated however long the program samples.

#include <QtGlobal>

#include <vector>

namespace cachescope {

template <typename T> class RingBuffer
{
public:
    explicit RingBuffer(qsizetype capacity = 0) : m_items(size_t(qMax<qsizetype>(capacity, 1))) {}

    qsizetype capacity() const { return qsizetype(m_items.size()); }
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

    // 0 = the oldest element kept.
    const T &at(qsizetype i) const { return m_items[index(i)]; }
    T &operator[](qsizetype i) { return m_items[index(i)]; }
    const T &back() const { return at(m_size - 1); }
    T &back() { return (*this)[m_size - 1]; }

    void push_back(const T &item)
    {
        m_items[size_t((m_head + m_size) % capacity())] = item;
        if (m_size < capacity())
            ++m_size;
        else
            m_head = (m_head + 1) % capacity();
    }
    void clear()
    {
        m_head = 0;
        m_size = 0;
    }
    // Drops everything and reallocates (the sampling interval changed).
    void reset(qsizetype capacity)
    {
        m_items.assign(size_t(qMax<qsizetype>(capacity, 1)), T());
        clear();
    }

    // First index whose key (e.g. a timestamp) is >= value; elements must be sorted by it.
    template <typename Key> qsizetype lowerBound(qint64 value, Key key) const
    {
        qsizetype lo = 0, hi = m_size;
        while (lo < hi) {
            const qsizetype mid = (lo + hi) / 2;
            if (key(at(mid)) < value)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

private:
    size_t index(qsizetype i) const { return size_t((m_head + i) % capacity()); }

    std::vector<T> m_items;
    qsizetype m_head = 0;
    qsizetype m_size = 0;
};

} // namespace cachescope
