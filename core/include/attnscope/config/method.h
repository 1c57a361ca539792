#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace attnscope {

// The six ways of computing attention. Their names are the ones users see everywhere:
// GUI, CLI arguments, JSON and CSV files.
enum class Method { quadratic, linear, softmax, mha, xformer, performer };

inline constexpr std::array<Method, 6> kAllMethods = {Method::quadratic, Method::linear,  Method::softmax,
                                                      Method::mha,       Method::xformer, Method::performer};

std::string_view methodName(Method method);
std::string_view methodDescription(Method method);
std::optional<Method> methodFromName(std::string_view name);
// "quadratic, linear, softmax, mha, xformer, performer" for error messages.
std::string methodNameList();

// Raw kernels take Q, K, V directly; layer methods take X and project it with their own weights.
bool isLayerMethod(Method method);
bool usesAlphaBeta(Method method);
bool usesRandomFeatures(Method method);

}  // namespace attnscope
