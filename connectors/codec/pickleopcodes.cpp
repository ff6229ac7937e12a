#include "pickleopcodes.h"

namespace cachescope::pickleop {

QByteArray name(quint8 op)
{
    switch (op) {
#define CS_OP(x)                                                                                             \
    case x:                                                                                                  \
        return QByteArrayLiteral(#x);
        CS_OP(MARK)
        CS_OP(STOP) CS_OP(POP) CS_OP(POP_MARK) CS_OP(DUP) CS_OP(FLOAT) CS_OP(INT) CS_OP(BININT) CS_OP(BININT1)
            CS_OP(LONG) CS_OP(BININT2) CS_OP(NONE) CS_OP(PERSID) CS_OP(BINPERSID) CS_OP(REDUCE) CS_OP(STRING)
                CS_OP(BINSTRING) CS_OP(SHORT_BINSTRING) CS_OP(UNICODE) CS_OP(BINUNICODE) CS_OP(APPEND)
                    CS_OP(BUILD) CS_OP(GLOBAL) CS_OP(DICT) CS_OP(EMPTY_DICT) CS_OP(APPENDS) CS_OP(GET)
                        CS_OP(BINGET) CS_OP(INST) CS_OP(LONG_BINGET) CS_OP(LIST) CS_OP(EMPTY_LIST) CS_OP(OBJ)
                            CS_OP(PUT) CS_OP(BINPUT) CS_OP(LONG_BINPUT) CS_OP(SETITEM) CS_OP(TUPLE)
                                CS_OP(EMPTY_TUPLE) CS_OP(SETITEMS) CS_OP(BINFLOAT) CS_OP(PROTO) CS_OP(NEWOBJ)
                                    CS_OP(EXT1) CS_OP(EXT2) CS_OP(EXT4) CS_OP(TUPLE1) CS_OP(TUPLE2)
                                        CS_OP(TUPLE3) CS_OP(NEWTRUE) CS_OP(NEWFALSE) CS_OP(LONG1) CS_OP(LONG4)
                                            CS_OP(BINBYTES) CS_OP(SHORT_BINBYTES) CS_OP(SHORT_BINUNICODE)
                                                CS_OP(BINUNICODE8) CS_OP(BINBYTES8) CS_OP(EMPTY_SET)
                                                    CS_OP(ADDITEMS) CS_OP(FROZENSET) CS_OP(NEWOBJ_EX)
                                                        CS_OP(STACK_GLOBAL) CS_OP(MEMOIZE) CS_OP(FRAME)
                                                            CS_OP(BYTEARRAY8) CS_OP(NEXT_BUFFER)
                                                                CS_OP(READONLY_BUFFER)
#undef CS_OP
    }
    return {};
}

} // namespace cachescope::pickleop
