profile uv {
  @{NOPE}/x r,
}
#=error 2:3 NOPE
