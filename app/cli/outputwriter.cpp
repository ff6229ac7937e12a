#include "outputwriter.h"

#include <cerrno>
#include <unistd.h>

namespace cachescope::cli {

OutputWriter::OutputWriter(int fd) : m_fd(fd)
{
    m_buffer.reserve(FlushThreshold + 64 * 1024);
}

OutputWriter::~OutputWriter()
{
    flush();
}

bool OutputWriter::flush()
{
    const char *p = m_buffer.constData();
    qsizetype left = m_buffer.size();
    while (left > 0 && !m_broken) {
        const ssize_t n = ::write(m_fd, p, size_t(left));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            // EPIPE (reader closed) or any other failure: the output is gone, stop quietly.
            m_broken = true;
            break;
        }
        p += n;
        left -= n;
    }
    // clear() would free the capacity; resize keeps it for the next page.
    m_buffer.resize(0);
    return !m_broken;
}

} // namespace cachescope::cli
