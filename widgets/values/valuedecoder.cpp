#include "valuedecoder.h"

namespace cachescope {

ValueDecoder::~ValueDecoder() = default;

void DecoderChain::append(std::shared_ptr<const ValueDecoder> decoder)
{
    m_decoders.append(std::move(decoder));
}

DecodedValue DecoderChain::run(const QByteArray &bytes, bool truncated) const
{
    DecodedValue current{bytes, {}, {}, truncated};
    constexpr int MaxSteps = 8;
    for (int step = 0; step < MaxSteps; ++step) {
        bool progressed = false;
        for (const auto &decoder : m_decoders) {
            if (auto next = decoder->decode(current)) {
                next->chain = current.chain + next->chain;
                if (next->chain.size() == current.chain.size())
                    next->chain.append(decoder->name());
                current = std::move(*next);
                progressed = true;
                break;
            }
        }
        if (!progressed || !current.text.isEmpty())
            break;
    }
    return current;
}

} // namespace cachescope
