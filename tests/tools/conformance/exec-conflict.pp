# Two different exec modes for the same path at the same precedence: error
# at the later rule.
profile ec {
  /usr/bin/foo ix,
  /usr/bin/foo px,
}
#=error 5:3 conflicting exec modes
