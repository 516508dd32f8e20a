# Boolean variables and if/else select rules at compile time.
$FEATURE = true
$OTHER = false
profile cond {
  if $FEATURE {
    /etc/feature r,
  } else {
    /etc/nofeature r,
  }
  if $OTHER {
    /etc/other r,
  }
}
#=match cond /etc/feature allow=r
#=match cond /etc/nofeature allow=-
#=match cond /etc/other allow=-
