#pragma once
#include <QString>

namespace attnscope {

// "softmax/batch:4/n:512/..." -> "softmax · n 512": the part of a point's name that changes during a sweep.
QString shortPointName(const QString& name);

}  // namespace attnscope
