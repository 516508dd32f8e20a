# owner rules only apply when the task owns the file.
profile owner {
  owner /home/*/notes/** rw,
  /home/*/public/** r,
  owner /home/*/public/** w,
}
#=match owner /home/u/notes/a owner.allow=rwa other.allow=-
#=match owner /home/u/public/a owner.allow=rwa other.allow=r
