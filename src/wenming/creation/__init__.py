"""Creation work inside an applicant (创建工作, DOMAIN §12, seed 004): its leading group
and office, its departments, the framework's criteria assigned to them, phases and tasks,
material per task signed off by a leader and accepted by the applicant's office before it
becomes evidence on the application."""
