#pragma once
// Buffered writer on a file descriptor (stdout), for output of millions of lines.
// Lines are appended to one reusable buffer and written with a single write() per
// flush, never per key. A closed reader (`| head -1`) makes write() fail with EPIPE
// (SIGPIPE is ignored by the CLI); the writer then drops everything and reports
// broken() so the command can stop quietly instead of printing an error.

#include <QByteArray>
#include <QByteArrayView>

namespace cachescope::cli {

class OutputWriter
{
public:
    explicit OutputWriter(int fd = 1);
    ~OutputWriter();
    OutputWriter(const OutputWriter &) = delete;
    OutputWriter &operator=(const OutputWriter &) = delete;

    void append(QByteArrayView bytes)
    {
        m_buffer.append(bytes.data(), bytes.size());
        if (m_buffer.size() >= FlushThreshold)
            flush();
    }
    void append(char c) { m_buffer.append(c); }
    // Direct access for writers that build a line in place (JSON); call maybeFlush() after.
    QByteArray &buffer() { return m_buffer; }
    void maybeFlush()
    {
        if (m_buffer.size() >= FlushThreshold)
            flush();
    }

    // Writes everything buffered; returns false once the reader has gone away.
    bool flush();
    bool broken() const { return m_broken; }
    int fd() const { return m_fd; }

private:
    static constexpr qsizetype FlushThreshold = 256 * 1024;
    int m_fd;
    bool m_broken = false;
    QByteArray m_buffer;
};

} // namespace cachescope::cli
